"""A file handed to the browser, for the web pages and the API alike: the bytes with their type
and a Content-Disposition naming the file (to save, or `inline` for a PDF to open)."""

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(data: bytes, *, filename: str, content_type: str,
                  inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
