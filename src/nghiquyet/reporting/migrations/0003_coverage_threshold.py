# Reporting forms get a coverage threshold: below it a roll-up's status is "tạm tính" (issue 9).

from decimal import Decimal

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_future_estimates_lock_revoke"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportingform",
            name="coverage_threshold_pct",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("100"),
                max_digits=5,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0")),
                    django.core.validators.MaxValueValidator(Decimal("100")),
                ],
                verbose_name="ngưỡng đủ số đơn vị báo cáo để đánh giá chính thức (%)",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportingform",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("coverage_threshold_pct__gte", 0), ("coverage_threshold_pct__lte", 100)
                ),
                name="reporting_form_coverage_threshold_pct",
            ),
        ),
    ]
