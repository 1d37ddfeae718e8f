"""The coordinator's product pages: products with their options, photos and stock, and the
orders with the backlog. Group-private: anyone but the group's coordinators gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.orgs.models import Group
from renkei.orgs.permissions import coordinator_group_or_404
from renkei.products import backlog, invoicing, services
from renkei.products.choices import OrderStatus
from renkei.products.forms import CancelForm, OptionForm, PhotoForm, ProductForm, StockForm
from renkei.products.models import Product, ProductOption, ProductOrder, ProductPhoto


def _product(group: Group, pk: int) -> Product:
    return get_object_or_404(Product.objects.for_group(group), pk=pk)


def _order(group: Group, pk: int) -> ProductOrder:
    return get_object_or_404(
        ProductOrder.objects.for_group(group).select_related("product", "project"), pk=pk
    )


@login_required
def products(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    rows = [
        (p, backlog.units_on_order(p), backlog.next_order(p, 1))
        for p in Product.objects.for_group(group)
    ]
    return render(request, "products/manage_list.html", {"group": group, "rows": rows})


def _save(request: HttpRequest, group: Group, form: ProductForm) -> Product | None:
    if not form.is_valid():
        return None
    product = form.save(commit=False)
    product.group = group
    try:
        return services.save_product(
            actor=request.user, product=product, makers=list(form.cleaned_data["makers"])
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return None


@login_required
def new(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    members = services.current_members(group)
    form = ProductForm(request.POST or None, members=members, instance=Product(group=group))
    if request.method == "POST" and (product := _save(request, group, form)):
        messages.success(request, _("The product was saved."))
        return redirect("products:edit", slug=group.slug, pk=product.pk)
    status = 400 if form.is_bound else 200
    return render(request, "products/edit.html", {"group": group, "form": form}, status=status)


@login_required
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    product = _product(group, pk)
    members = services.current_members(group)
    form = ProductForm(request.POST or None, members=members, instance=product)
    if request.method == "POST" and _save(request, group, form):
        messages.success(request, _("The product was saved."))
        return redirect("products:edit", slug=group.slug, pk=product.pk)
    product.refresh_from_db()
    return render(
        request,
        "products/edit.html",
        {
            "group": group,
            "product": product,
            "form": form,
            "option_form": OptionForm(),
            "photo_form": PhotoForm(),
            "stock_form": StockForm(),
            "movements": product.movements.select_related("order")[:20],
        },
        status=400 if form.is_bound else 200,
    )


def _back(product: Product) -> HttpResponse:
    return redirect("products:edit", slug=product.group.slug, pk=product.pk)


def _refused(request: HttpRequest, text: str) -> None:
    messages.error(request, text)


@login_required
@require_POST
def option_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    product = _product(group, pk)
    form = OptionForm(request.POST)
    if form.is_valid():
        services.add_option(actor=request.user, product=product, **form.cleaned_data)
    else:
        _refused(request, _("Please give the option's name and what it adds, in whole yen."))
    return _back(product)


@login_required
@require_POST
def option_remove(request: HttpRequest, slug: str, pk: int, option: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    product = _product(group, pk)
    services.remove_option(
        actor=request.user, option=get_object_or_404(ProductOption, product=product, pk=option)
    )
    return _back(product)


@login_required
@require_POST
def photo_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    product = _product(group, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        _refused(request, _("Please choose a photo to upload."))
        return _back(product)
    upload = form.cleaned_data["image"]
    try:
        services.add_photo(
            actor=request.user,
            product=product,
            data=upload.read(),
            caption=form.cleaned_data["caption"],
        )
    except services.ProductRefused as refused:
        _refused(request, str(refused))
    return _back(product)


@login_required
@require_POST
def photo_remove(request: HttpRequest, slug: str, pk: int, photo: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    product = _product(group, pk)
    services.remove_photo(
        actor=request.user, photo=get_object_or_404(ProductPhoto, product=product, pk=photo)
    )
    return _back(product)


@login_required
@require_POST
def stock(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    product = _product(group, pk)
    form = StockForm(request.POST)
    if not form.is_valid():
        _refused(request, _("Please enter a whole number, e.g. 20 or -3."))
        return _back(product)
    try:
        services.adjust_stock(
            actor=request.user,
            product=product,
            delta=form.cleaned_data["delta"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The stock was changed."))
    except services.ProductRefused as refused:
        _refused(request, str(refused))
    return _back(product)


@login_required
def orders(request: HttpRequest, slug: str) -> HttpResponse:
    """Every product's queue, first come first served, then the orders done with."""
    group = coordinator_group_or_404(request, slug)
    queues = [(p, backlog.queue(p)) for p in Product.objects.for_group(group)]
    closed = (
        ProductOrder.objects.for_group(group)
        .exclude(status__in=[OrderStatus.RECEIVED, OrderStatus.CONFIRMED])
        .select_related("product")
        .order_by("-received_at")[:50]
    )
    return render(
        request, "products/orders.html", {"group": group, "queues": queues, "closed": closed}
    )


@login_required
def order(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    item = _order(group, pk)
    invoices = list(item.invoices.order_by("pk"))
    note = ""
    if item.status == OrderStatus.SHIPPED and not invoices:
        note = invoicing.missing_note(item)
    return render(
        request,
        "products/manage_order.html",
        {
            "group": group,
            "order": item,
            "place": backlog.place_of(item),
            "invoices": invoices,
            "invoice_note": note,
        },
    )


@login_required
@require_POST
def order_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    item = _order(group, pk)
    action = request.POST.get("action", "")
    try:
        if action == "confirm":
            services.confirm_order(actor=request.user, order=item)
            messages.success(
                request, _("The order was confirmed and its work offered to the makers.")
            )
        elif action == "ship":
            shipped = services.ship_order(actor=request.user, order=item)
            messages.success(request, _("The order was marked as shipped."))
            if not shipped.invoices.exists():
                messages.warning(request, invoicing.missing_note(shipped))
        elif action == "invoice":
            issued = invoicing.invoice_order(actor=request.user, order=item)
            messages.success(
                request,
                _("Invoice %(numbers)s was issued.")
                % {"numbers": "、".join(d.number for d in issued)},
            )
        else:
            _refused(request, _("Unknown action."))
    except (services.ProductRefused, invoicing.NotInvoiced) as refused:
        _refused(request, str(refused))
    return redirect("products:manage_order", slug=group.slug, pk=item.pk)


@login_required
def cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Asks first: a cancelled order leaves the queue for good."""
    group = coordinator_group_or_404(request, slug)
    item = _order(group, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_order(
                actor=request.user, order=item, reason=form.cleaned_data["reason"]
            )
        except services.ProductRefused as refused:
            _refused(request, str(refused))
        else:
            messages.success(request, _("The order was cancelled."))
        return redirect("products:manage_order", slug=group.slug, pk=item.pk)
    return render(
        request,
        "products/cancel.html",
        {"group": group, "order": item, "form": form},
        status=400 if form.is_bound else 200,
    )
