"""The formatting layer every document uses: money, upper-case and word amounts, dates, percentages.

One place, so that the four documents print the same figure the same way.
"""

from docgen.format.amounts import amount_words_en, amount_upper_zh, to_yuan
from docgen.format.numbers import Formatter

__all__ = ["Formatter", "amount_upper_zh", "amount_words_en", "to_yuan"]
