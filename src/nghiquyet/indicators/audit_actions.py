"""Audit action codes of indicators, targets and values, with the labels shown in the change log."""

from nghiquyet.audit.actions import AuditAction


class IndicatorsAudit(AuditAction):
    INDICATOR_CREATE = "indicators.indicator.create", "Tạo chỉ tiêu"
    INDICATOR_UPDATE = "indicators.indicator.update", "Sửa chỉ tiêu"
    TARGET_SET = "indicators.target.set", "Giao chỉ tiêu"
    VALUE_SAVE = "indicators.value.save", "Lưu số liệu"
    # One entry per unit for a bulk save (an import or a grid), listing every value it changed.
    VALUES_SAVE_MANY = "indicators.values.save_many", "Lưu nhiều số liệu"
