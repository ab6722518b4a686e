"""Blocks of the appeals app on the public town home (see veche/web/hooks.py): the head's
upcoming courtyard meetings. Public page: addresses and times only, no personal data."""

from .meetings.selectors import upcoming_meetings


def head_meetings(request, territory):
    meetings = upcoming_meetings(territory=territory, limit=4)
    if not meetings:
        return None
    return {"title": "Встречи Главы с жителями", "template": "web/meetings/open_now.html",
            "context": {"meetings": meetings}}


BLOCKS = [("meetings", 20, head_meetings)]
