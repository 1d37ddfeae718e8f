"""The public product pages: the list, a product with its order form, its photos, and the
customer's private order page. Orders follow the joint order window's rules (durable save,
one order per form, a rate limit per client address, a hidden trap field)."""

import uuid

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from renkei.core import throttle
from renkei.core.audit import audit
from renkei.lib import retail
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group
from renkei.orgs.permissions import has_role, visible_group_or_404
from renkei.products import backlog, services
from renkei.products.forms import OrderForm
from renkei.products.models import Product, ProductOrder, ProductPhoto

ORDER_SCOPE = "product_order_address"
HONEYPOT = "renkei_hp_note"  # the window's trap field: people never see it, scripts fill it


def _key(value: str | None) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.uuid4()


def _product_or_404(request: HttpRequest, group: Group, slug: str) -> Product:
    """A published product; an unpublished one only for the group's coordinators (preview)."""
    products = Product.objects.for_group(group)
    if not has_role(request.user, group, PersonRole.COORDINATOR):
        products = products.published()
    return get_object_or_404(products, slug=slug)


def product_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = visible_group_or_404(request, slug)
    products = Product.objects.for_group(group).published().prefetch_related("photos")
    return render(
        request,
        "products/list.html",
        {"group": group, "products": [(p, backlog.next_order(p, 1)) for p in products]},
    )


def detail(request: HttpRequest, slug: str, product: str) -> HttpResponse:
    """The product page and its order form. What the customer typed comes back with every
    error; the same form sent twice is one order."""
    group = visible_group_or_404(request, slug)
    item = _product_or_404(request, group, product)
    if request.method != "POST":
        return _render(request, group, item, uuid.uuid4(), OrderForm(product=item))
    key = _key(request.POST.get("submission_key"))
    form = OrderForm(request.POST, product=item)
    if request.POST.get(HONEYPOT):
        audit("product.refuse_automated", group=group, summary="honeypot")
        return _render(request, group, item, key, form, status=400, notice="automated")
    if ProductOrder.objects.filter(group=group, submission_key=key).exists():
        return _sent_before(request, group, item, key, form)
    if not form.is_valid():
        return _render(request, group, item, key, form, status=400)
    # Only a send that would save something counts against the address.
    verdict = throttle.check(
        ORDER_SCOPE, throttle.client_address(request), throttle.rate(ORDER_SCOPE)
    )
    if not verdict.allowed:
        return throttle.too_many_page(request, verdict, group=group, back=request.path)
    try:
        order, created = services.submit_order(
            product=item,
            key=key,
            quantity=form.cleaned_data["quantity"],
            options=list(form.cleaned_data.get("options") or []),
            who=_customer(form),
            language=get_language() or "ja",
        )
    except services.ProductRefused as refused:
        form.add_error(None, str(refused))
        return _render(request, group, item, key, form, status=400)
    if not created:
        return _sent_before(request, group, item, key, form)
    return redirect(order.get_tracking_url() + "?received=1")


def _customer(form: OrderForm) -> services.Customer:
    data = form.cleaned_data
    return services.Customer(
        customer_name=data["customer_name"],
        email=data["email"],
        postal_code=data["postal_code"],
        address=data["address"],
        customer_company=data.get("customer_company", ""),
        phone=data.get("phone", ""),
        notes=data.get("notes", ""),
        payer_kana=data.get("payer_kana", ""),
    )


def _sent_before(
    request: HttpRequest, group: Group, product: Product, key: uuid.UUID, form: OrderForm
) -> HttpResponse:
    """The form's key already made an order: the same form again goes to that order's page;
    a changed form comes back fresh, naming nothing of the order the key made."""
    if form.is_valid():
        try:
            done = services.earlier_order(
                product=product,
                key=key,
                quantity=form.cleaned_data["quantity"],
                options=list(form.cleaned_data.get("options") or []),
                who=_customer(form),
            )
        except services.KeyReused:
            done = None
        if done is not None:
            return redirect(done.get_tracking_url() + "?received=1")
    return _render(request, group, product, uuid.uuid4(), form, status=409, notice="sent_before")


def _render(
    request: HttpRequest,
    group: Group,
    product: Product,
    key: uuid.UUID,
    form: OrderForm,
    status: int = 200,
    notice: str = "",
) -> HttpResponse:
    quantity = form.cleaned_data.get("quantity") if form.is_bound and form.is_valid() else None
    context = {
        "group": group,
        "product": product,
        "photos": list(product.photos.all()),
        "options": list(product.options.all()),
        "form": form,
        "submission_key": key,
        "honeypot": HONEYPOT,
        "notice": notice,
        "next_one": backlog.next_order(product, 1),
        "on_order": backlog.units_on_order(product),
        "tax_rounding": retail.TAX_ROUNDING,
        "quantity": quantity,
    }
    return render(request, "products/detail.html", context, status=status)


def photo(request: HttpRequest, slug: str, product: str, pk: int) -> FileResponse:
    """A product photo: public like its page, served from outside any web root."""
    group = visible_group_or_404(request, slug)
    item = _product_or_404(request, group, product)
    picture = get_object_or_404(ProductPhoto.objects.filter(product=item), pk=pk)
    try:
        handle = picture.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@never_cache
def tracking(request: HttpRequest, token: str) -> HttpResponse:
    """The customer's private order page: the token is the only key, so the page is kept out
    of caches, search engines and referrers."""
    order = get_object_or_404(
        ProductOrder.objects.select_related("group", "product"), tracking_token=token
    )
    response = render(
        request,
        "products/tracking.html",
        {
            "order": order,
            "group": order.group,
            "place": backlog.place_of(order),
            "received": request.GET.get("received") == "1",
            "tax_rounding": retail.TAX_ROUNDING,
            "invoices": list(order.invoices.order_by("pk")),
        },
    )
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def invoice_pdf(request: HttpRequest, token: str, pk: int) -> FileResponse:
    """The order's invoice as issued, for the customer holding the order's tracking address:
    only that order's own invoices (any other number is a 404), every download recorded on the
    document and in the audit log (settlement.views.files)."""
    from renkei.settlement.views.files import document_file

    order = get_object_or_404(ProductOrder, tracking_token=token)
    document = get_object_or_404(order.invoices.all(), pk=pk)
    response = document_file(request, document, "pdf", note=f"tracking {order.reference}")
    response["Referrer-Policy"] = "same-origin"
    return response
