"""Reading an ASGI request's body ahead of Django and handing it on: what the two ballot intakes
in front of Django share (veche/api/ballot_intake.py, veche/web/cast_intake.py). An intake
reads a small body to decide whether it answers itself; if not, Django gets the same messages
through `replay`, as if it had read them first."""


async def read_body(receive, max_body: int) -> tuple[list[dict], bool]:
    """The body messages as received, and whether the body is whole and at most `max_body`."""
    messages, size = [], 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, False
        size += len(message.get("body", b""))
        if size > max_body:
            return messages, False
        if not message.get("more_body", False):
            return messages, True


def replay(messages: list[dict], receive):
    """`receive` for Django: the messages already read, then the connection's own."""
    queue = list(messages)

    async def replayed():
        return queue.pop(0) if queue else await receive()

    return replayed
