from django.db import migrations, models
from django.utils import timezone


def promised_dates(apps, schema_editor):
    """Orders placed before the date was stored: a started project already carries the date
    everyone has seen; the others get the quote's lead time in business days."""
    from renkei.lib.leadtime import add_business_days
    from renkei.lib.workclock import BusinessCalendar

    Order = apps.get_model("inquiries", "Order")
    Project = apps.get_model("projects", "Project")
    started = dict(
        Project.objects.filter(order__isnull=False, delivery_on__isnull=False).values_list(
            "order_id", "delivery_on"
        )
    )
    for order in Order.objects.filter(delivery_on__isnull=True).select_related(
        "quote", "inquiry__group"
    ):
        day = started.get(order.pk)
        if day is None:
            group = order.inquiry.group
            calendar = BusinessCalendar.from_group_fields(
                group.business_day_start,
                group.business_day_end,
                group.business_weekdays,
                group.closures,
            )
            placed = timezone.localdate(order.created_at)
            day = add_business_days(calendar, placed, order.quote.lead_days or 10)
        Order.objects.filter(pk=order.pk).update(delivery_on=day)


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0008_inquiry_fingerprint_staging"),
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="delivery_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="delivery date"
            ),
        ),
        migrations.RunPython(promised_dates, migrations.RunPython.noop),
    ]
