"""Pending entries are kept in memory and only marked by a row (block, n): the table is recreated, which
loses nothing (its rows never outlive the transaction that writes them)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("audit", "0003_chain_anchor_pending")]

    operations = [
        migrations.DeleteModel(name="PendingEntry"),
        migrations.CreateModel(
            name="PendingEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("block", models.CharField(max_length=32)),
                ("n", models.IntegerField()),
            ],
            options={
                "indexes": [models.Index(fields=["block"], name="audit_pendi_block_1c34aa_idx")],
            },
        ),
    ]
