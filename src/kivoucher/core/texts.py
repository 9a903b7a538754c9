"""Texts translated when they are shown, not when they are made.

A message that is stored with a record (the eligibility rules of a submitted
application, the checks of a proof of use) keeps its English msgid and its
parameters and is translated into the reader's language each time it is shown:
German for one reader, English for the next. The msgids are marked with
`gettext_noop` where the text is made, so the catalogues keep them.

    Text(gettext_noop("Turnover %(value)s, limit %(limit)s."), value=..., limit=...)

`str()` translates now; `as_data()` is the JSON to store; `text_show(data)` turns
stored data back into the text in the active language. A record stored before
this kept the text itself: `text_show` shows such a plain string as it is.
"""

from django.utils.translation import gettext


def _data(value):
    if isinstance(value, Text | Joined):
        return value.as_data()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # Decimal, lazy strings: stored as their text


class Text:
    """One message: msgid and parameters; parameters may be texts themselves."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, /, **params):
        self.msgid = msgid
        self.params = params

    def __str__(self) -> str:
        translated = gettext(self.msgid)
        if not self.params:
            return translated
        values = {k: str(v) if isinstance(v, Text | Joined) else v for k, v in self.params.items()}
        for message in (translated, self.msgid):
            try:
                return message % values
            except (KeyError, ValueError, TypeError):  # an entry that does not fit the figures
                continue
        return self.msgid

    def __repr__(self) -> str:
        return f"Text({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other) -> bool:
        if isinstance(other, Text):
            return (self.msgid, self.params) == (other.msgid, other.params)
        return NotImplemented

    __hash__ = None

    def as_data(self) -> dict:
        return {"msgid": self.msgid, "params": {k: _data(v) for k, v in self.params.items()}}


class Joined:
    """Texts (or plain strings) shown one after the other with a separator."""

    __slots__ = ("parts", "sep")

    def __init__(self, parts, sep: str = ", "):
        self.parts = list(parts)
        self.sep = sep

    def __str__(self) -> str:
        return self.sep.join(str(p) for p in self.parts)

    def __repr__(self) -> str:
        return f"Joined({self.parts!r}, sep={self.sep!r})"

    def __eq__(self, other) -> bool:
        if isinstance(other, Joined):
            return (self.parts, self.sep) == (other.parts, other.sep)
        return NotImplemented

    __hash__ = None

    def as_data(self) -> dict:
        return {"join": [_data(p) for p in self.parts], "sep": self.sep}


def text_from_data(data) -> "Text | Joined | str":
    """The text stored by `as_data()`; anything else (old rows) as a plain string."""
    if isinstance(data, dict) and isinstance(data.get("msgid"), str):
        params = data.get("params") if isinstance(data.get("params"), dict) else {}
        return Text(data["msgid"], **{str(k): text_from_data(v) for k, v in params.items()})
    if isinstance(data, dict) and isinstance(data.get("join"), list):
        return Joined([text_from_data(p) for p in data["join"]], sep=str(data.get("sep", ", ")))
    if isinstance(data, dict | list):
        return str(data)
    return data


def text_show(data) -> str:
    """Stored text data in the active language (plain strings as they are)."""
    value = text_from_data(data)
    return "" if value is None else str(value)


def stored_item(*, texts: dict, **fields) -> dict:
    """A record of data (a rule, a check) for a JSON field: every text in `texts` both as
    its string in the active language (for readers of the raw data) and, under "texts",
    as data that is translated again when shown (`item_text`)."""
    return {
        **fields,
        **{key: str(text) for key, text in texts.items()},
        "texts": {key: _data(text) for key, text in texts.items()},
    }


def item_text(item, key: str) -> str:
    """One text of a stored record (dict) or a live object, in the active language:
    from its "texts" when it was stored with them, else as stored."""
    if isinstance(item, dict):
        texts = item.get("texts")
        if isinstance(texts, dict) and key in texts:
            return text_show(texts[key])
        value = item.get(key, "")
    else:
        value = getattr(item, key, "")
    return "" if value is None else str(value)
