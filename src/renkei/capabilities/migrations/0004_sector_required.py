# Its own migration: on PostgreSQL a column cannot be altered in the transaction that just
# wrote its rows (pending foreign-key trigger events).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('capabilities', '0003_sectors'),
    ]

    operations = [
        migrations.AlterField(
            model_name='processcategory',
            name='sector',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='categories', to='capabilities.sector', verbose_name='sector'),
        ),
    ]
