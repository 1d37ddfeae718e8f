"""The shared vocabulary of processes and materials; the same for every caller."""

from django.http import HttpRequest
from ninja import Query, Router

from renkei.api.endpoints.common import ERRORS, page_of
from renkei.api.schemas import MaterialPage, PageParams, ProcessPage
from renkei.capabilities.models import Material, Process

router = Router(tags=["taxonomy"])


@router.get("/processes", response={200: ProcessPage, **ERRORS}, summary="Process taxonomy")
def list_processes(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    processes = Process.objects.select_related("category__sector").order_by(
        "category__position", "position", "pk"
    )
    count, rows = page_of(processes, page)
    return {"count": count, "items": rows}


@router.get("/materials", response={200: MaterialPage, **ERRORS}, summary="Materials by symbol")
def list_materials(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    materials = Material.objects.select_related("family").order_by(
        "family__position", "position", "pk"
    )
    count, rows = page_of(materials, page)
    return {"count": count, "items": rows}
