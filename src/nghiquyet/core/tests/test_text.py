from nghiquyet.core.text import fold, fold_compact


def test_fold_strips_diacritics_including_d_bar():
    assert fold("Phường Cao Lãnh") == "phuong cao lanh"
    assert fold("Đảng ủy  xã   Mỹ Hiệp") == "dang uy xa my hiep"


def test_fold_compact_matches_spreadsheet_headers_loosely():
    assert fold_compact("Mã cấp trên") == fold_compact("MA CAP TREN") == "macaptren"
