"""API schemas for indicators, targets and values. Shapes only; the rules live in services."""

from decimal import Decimal

from ninja import Field, Schema


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    field_group: str
    source_text: str
    decimals: int
    kind: str
    factor: int | None
    direction: str
    combine: str
    rolls_up: bool
    is_reference: bool
    allows_negative: bool
    owner: str | None


class IndicatorIn(Schema):
    code: str = Field(max_length=40)
    name: str = Field(max_length=300)
    unit: str = Field("", max_length=60)
    field_group: str
    kind: str
    factor: int | None = None
    direction: str = "tang"
    combine: str = "tong"
    rolls_up: bool = False
    is_reference: bool = False
    allows_negative: bool = False
    decimals: int = 0
    source_text: str = Field("", max_length=300)
    owner: str | None = Field(None, description="Mã đơn vị sở hữu; bỏ trống = toàn hệ thống")


class IndicatorUpdateIn(Schema):
    name: str | None = Field(None, max_length=300)
    unit: str | None = Field(None, max_length=60)
    field_group: str | None = None
    kind: str | None = None
    factor: int | None = None
    direction: str | None = None
    combine: str | None = None
    rolls_up: bool | None = None
    is_reference: bool | None = None
    allows_negative: bool | None = None
    decimals: int | None = None
    source_text: str | None = Field(None, max_length=300)


class TargetIn(Schema):
    indicator: str
    org: str
    period: str
    text: str = Field(
        max_length=200,
        description=(
            "Chỉ tiêu như nghị quyết ghi, ví dụ “90% trở lên”, “đạt 80-85%”, "
            "“trên 28 nghìn tỷ đồng”, “xuống còn 16%”, “khoảng 80%”, "
            "“tăng bình quân 7-7,5%/năm”. Đơn vị (nếu ghi) phải khớp đơn vị tính của chỉ tiêu."
        ),
    )


class TargetOut(Schema):
    indicator: str
    org: str
    period: str
    text: str
    kind: str
    op: str
    low: float | None
    high: float | None
    approximate: bool
    direction: str


NumberIn = Decimal | str | None


class ValueIn(Schema):
    indicator: str
    org: str
    period: str
    value_type: str = "chinh_thuc"
    value: NumberIn = None
    numerator: NumberIn = None
    denominator: NumberIn = None
    text: str = ""
    note: str = Field("", max_length=500)


class ValueOut(Schema):
    indicator: str
    org: str
    period: str
    value_type: str
    value: float | None
    numerator: float | None
    denominator: float | None
    stated: float | None
    text: str
    note: str
    warning: str


class BulkIn(Schema):
    rows: list[ValueIn] = Field(min_length=1, max_length=100000)


class BulkOut(Schema):
    received: int
    changed: int
