"""The colour classes (bins) of the death maps: fixed breaks for each unit, the same in every year and region, so the
play button compares like with like and differences inside Eastern Europe and Central Asia show although the United
States' opioid death rate (13.69 per 100,000 in 2019) is five times Kazakhstan's.

A class holds the values from its lower break up to, not including, the next one: a value on a break goes into the
class above it (0.5 is in "0.5-0.99", 10 in "10 and over"). The labels name both ends in the data's own precision
(Bins.step: the GBD rates are published to two decimals, the counts are whole numbers; a test checks that the data
hold nothing finer), so a reader can see where a value on a break goes and no value falls between two labels.
No value (None, NaN) has no class: the map draws it as "no data", never in the lowest class.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from . import theme
from .datapkg.schema import RATE_UNIT
from .i18n import number, t


@dataclass(frozen=True)
class Bins:
    breaks: tuple[Decimal, ...]  # ascending; n breaks make n + 1 classes
    step: Decimal  # the data's precision: a middle class's label ends one step under the next break

    def __len__(self) -> int:
        return len(self.breaks) + 1

    def index(self, value: float | None) -> int | None:
        """The class of a value (0 = the lowest); None for no value."""
        if value is None or math.isnan(value):
            return None
        return bisect_right(self.breaks, Decimal(str(value)))

    def labels(self, lang: str) -> list[str]:
        """Each class's label in the language, lowest first: under 0.5, 0.5-0.99, ..., 10 and over."""
        b = self.breaks
        middle = [t("bin_range", lang, low=number(lo, lang), high=number(hi - self.step, lang))
                  for lo, hi in zip(b, b[1:], strict=False)]
        return [t("bin_under", lang, value=number(b[0], lang)), *middle, t("bin_over", lang, value=number(b[-1], lang))]

    @property
    def colours(self) -> tuple[str, ...]:
        """Each class's colour, lowest first: the sequential scheme with as many classes as there are bins."""
        return theme.sequential(len(self))


def _bins(breaks: tuple[str, ...], step: str) -> Bins:
    return Bins(tuple(Decimal(x) for x in breaks), Decimal(step))


# Death rates per 100,000 (both rate measures, so their maps read alike). Most of the world lies under 1 (the median
# country-year of 1990-2019 is 0.26) and the four S-O-S countries span 0.16 (Tajikistan) to 2.79 (Kazakhstan) in 2019,
# while a few countries pass 10 (the United States: 13.69). Steps that roughly double from 0.5 put the study countries
# in three classes (Tajikistan under 0.5, Kyrgyzstan 0.5-0.99, Ukraine and Kazakhstan 2-4.99) and leave the top
# class to the few over 10.
RATE = _bins(("0.5", "1", "2", "5", "10"), step="0.01")
# Deaths (counts): 0 to 47,337 (the United States, 2019) over 1990-2019, four orders of magnitude, with most
# country-years small (about 2,800 under 10, 1,900 at 10-99, 1,200 at 100-999, 210 at 1,000-9,999, 64 at 10,000
# and over): one class per power of ten.
COUNT = _bins(("10", "100", "1000", "10000"), step="1")
BY_UNIT = {RATE_UNIT: RATE, "deaths": COUNT}  # deaths.csv's units (schema.MEASURES)


def for_unit(unit: str) -> Bins:
    """The classes of a deaths.csv unit."""
    return BY_UNIT[unit]
