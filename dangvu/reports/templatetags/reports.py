from django import template

register = template.Library()


@register.filter
def item(sequence, index):
    """sequence[index], or "" past its end."""
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError):
        return ""


@register.filter
def keep_name(line):
    """A body's name breaking only between its level and its proper name (reports.typeset)."""
    from dangvu.reports.typeset import keep_name as keep

    return keep(str(line))


@register.filter
def nowrap_dates(text):
    """Each dd/mm/yyyy of a table header in an unbreakable span, the rest escaped."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from dangvu.reports.typeset import DATE

    text, out, at = str(text), [], 0
    for match in DATE.finditer(text):
        out += [escape(text[at:match.start()]), f'<span class="nowrap">{escape(match.group())}</span>']
        at = match.end()
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


@register.filter
def term_label(term):
    """"Nhiệm kỳ 2025–2030": a term by its years (a five-year term when its end is not recorded)."""
    from django.utils.translation import gettext

    if term is None:
        return "—"
    end = term.end_on.year if term.end_on else term.start_on.year + 5
    return gettext("Term %(start)s–%(end)s") % {"start": term.start_on.year, "end": end}


@register.filter
def kilobytes(size):
    """A file size in kB (1 kB = 1.024 bytes), at least 1."""
    from dangvu.core.formatting import vn_number

    return f"{vn_number(max(1, round((size or 0) / 1024)))} kB"
