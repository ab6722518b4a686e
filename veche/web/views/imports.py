"""Loading an existing list into the registry (seed 000: the town's lists of veterans, activists,
NGO members become one database). The upload is kept and processed by a background worker;
the page shows progress and every rejected row with its reasons."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.registry.imports import list_import_create
from veche.registry.listfile import MAX_BYTES
from veche.registry.models import ListImport, Segment
from veche.registry.tasks import run_list_import

from ..forms import attach_errors
from .office import personal_data_required

REJECTED_PAGE = 100


class ListUploadForm(forms.Form):
    list_name = forms.CharField(label=gettext_lazy("Название списка"), required=False,
                                max_length=200,
                                help_text=gettext_lazy("Например: «Совет ветеранов, март 2026»"))
    segment = forms.ModelChoiceField(label=gettext_lazy("Отметить всех из списка сегментом"),
                                     queryset=Segment.objects.none(), required=False,
                                     empty_label=gettext_lazy("— без сегмента —"))
    file = forms.FileField(
        label=gettext_lazy("Файл CSV или XLSX"), required=False,
        help_text=gettext_lazy("Первая строка — названия колонок: Фамилия, Имя, Отчество "
                               "(или ФИО), "
                        "Дата рождения, Телефон, Email, Адрес. Кодировка UTF-8 или Windows-1251."),
    )

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.filter(territory=territory)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            raise ValidationError(_("Выберите файл со списком."), code="file_missing")
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("Файл больше %(mb)s МБ. Разделите список на несколько файлов."),
                code="file_too_large", params={"mb": MAX_BYTES // 1024 // 1024},
            )
        return upload


@personal_data_required
def imports(request, slug):
    t = request.territory
    form = ListUploadForm(request.POST or None, request.FILES or None, territory=t)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = list_import_create(
                territory=t, list_name=data["list_name"], file_name=data["file"].name,
                data=data["file"].read(), segment=data["segment"], created_by=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            run_list_import.enqueue(list_import_id=record.pk, territory_id=t.pk)
            messages.success(request, _("Файл принят. Обработка идёт в фоне — следите за ходом."))
            return redirect("web:office_import", slug=t.slug, import_id=record.pk)
    recent = ListImport.objects.filter(territory=t).select_related("source_list", "created_by")
    return render(request, "web/office/imports.html", {"form": form, "imports": recent[:30]},
                  status=400 if form.errors else 200)


@personal_data_required
def import_detail(request, slug, import_id):
    t = request.territory
    try:
        record = ListImport.objects.select_related("source_list", "segment").get(
            territory=t, pk=import_id
        )
    except ListImport.DoesNotExist:
        raise Http404(_("Нет такой загрузки.")) from None
    rejected = Paginator(record.rows.filter(outcome="rejected"), REJECTED_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"record": record, "rejected": rejected,
               "running": record.status in (ListImport.Status.QUEUED, ListImport.Status.RUNNING)}
    if request.htmx and request.htmx.target == "import-progress":
        response = render(request, "web/office/import_progress.html", context)
        if not context["running"]:
            # Finished: reload the whole page so the rejected rows appear under the figures.
            response["HX-Refresh"] = "true"
        return response
    return render(request, "web/office/import_detail.html", context)
