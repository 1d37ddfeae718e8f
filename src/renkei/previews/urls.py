"""The drawing's own page and its preview files, under each place a drawing is downloaded
from (the same path, with ``/view`` or ``/preview/...`` after it)."""

from django.urls import path

from renkei.previews import views

app_name = "previews"
BASES = {
    "manage": "g/<slug:slug>/manage/inquiries/<int:pk>/drawings/<int:drawing_id>",
    "work": "g/<slug:slug>/work/inquiries/<int:pk>/drawings/<int:drawing_id>",
    "package": "g/<slug:slug>/packages/<int:pk>/drawings/<int:drawing_id>",
}
urlpatterns = []
for where, base in BASES.items():
    urlpatterns += [
        path(f"{base}/view", views.drawing_page, {"where": where}, name=f"{where}_page"),
        path(f"{base}/preview/thumbnail", views.thumbnail, {"where": where}, name=f"{where}_thumb"),
        path(
            f"{base}/preview/page-<int:number>",
            views.page_file,
            {"where": where},
            name=f"{where}_file",
        ),
        path(f"{base}/preview/mesh", views.mesh, {"where": where}, name=f"{where}_mesh"),
    ]
