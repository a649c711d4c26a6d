import datetime as dt

import pytest

from apps.core.dates import add_months, format_date, months_between, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "27-6-2019",
        "27/6/2019",
        "27/06/2019",
        "ngày 27 tháng 6 năm 2019",
        "Ngày 27 tháng 06 năm 2019",
        "2019-06-27",
        " 27 - 6 - 2019 ",
    ],
)
def test_parse_the_forms_documents_use(text):
    assert parse_date(text) == dt.date(2019, 6, 27)


@pytest.mark.parametrize("text", ["31/2/2019", "27.6", "hôm qua", "2019/27/6"])
def test_parse_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_format_styles():
    d = dt.date(2019, 6, 27)
    assert format_date(d) == "27/6/2019"
    assert format_date(d, "dash") == "27-6-2019"
    assert format_date(d, "long") == "ngày 27 tháng 6 năm 2019"


def test_months_are_counted_whole():
    assert months_between(dt.date(2000, 5, 17), dt.date(2018, 5, 16)) == 215
    assert months_between(dt.date(2000, 5, 17), dt.date(2018, 5, 17)) == 216
    assert add_months(dt.date(2020, 1, 31), 1) == dt.date(2020, 2, 29)
