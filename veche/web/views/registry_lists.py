"""The list of lists in the back office: each source list, its owner, rows, persons and how many
of them act — with CSV and XLSX exports (issue 18, point 5). Figures only, but the page names
the lists' owners and lets staff set them: staff and the head, past the second factor."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from veche.documents.download import XLSX, file_response
from veche.registry.lists import (
    lists_csv,
    lists_overview,
    lists_totals,
    lists_xlsx,
    source_list_set_owner,
)
from veche.registry.models import SourceList

from .office import personal_data_required


@personal_data_required
def lists_page(request, slug):
    t = request.territory
    if request.method == "POST":
        source = SourceList.objects.filter(pk=request.POST.get("list") or 0).first()
        if source is None:
            messages.error(request, _("В городе нет такого списка."))
        else:
            try:
                source_list_set_owner(source_list=source, owner=request.POST.get("owner", ""))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Владелец списка записан."))
        return redirect("web:registry_lists", slug=t.slug)
    figures = lists_overview(territory=t)
    return render(request, "web/registry/lists.html", {
        "figures": figures, "totals": lists_totals(figures)})


@personal_data_required
def lists_csv_view(request, slug):
    t = request.territory
    return file_response(lists_csv(lists_overview(territory=t)),
                         content_type="text/csv; charset=utf-8", filename=f"spiski-{t.slug}.csv")


@personal_data_required
def lists_xlsx_view(request, slug):
    t = request.territory
    return file_response(lists_xlsx(lists_overview(territory=t), t.name), content_type=XLSX,
                         filename=f"spiski-{t.slug}.xlsx")
