"""Template filters for dates and numbers: {% load vn %} then {{ day|long_date }}, {{ n|vn_number }}."""

from django import template

from dangvu.core import formatting

register = template.Library()

register.filter("long_date", formatting.long_date)
register.filter("short_date", formatting.short_date)
register.filter("vn_number", formatting.vn_number)
register.filter("two_digits", formatting.two_digits)
