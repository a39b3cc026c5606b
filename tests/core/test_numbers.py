from decimal import Decimal

from django.utils import translation

from arraigo.core.numbers import money


def test_money_is_written_the_way_the_reader_writes_numbers():
    with translation.override("en"):
        assert money(Decimal("6500")) == "6,500.00"
    with translation.override("es"):
        assert money(Decimal("6500")) == "6\xa0500,00"
        assert money(Decimal("-1050.5")) == "-1\xa0050,50"
