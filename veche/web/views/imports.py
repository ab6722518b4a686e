"""Loading an existing list into the registry (seed 000: the town's lists of veterans, activists,
NGO members become one database; issue 18). Upload → check the columns (a select per column,
the sheet, the header row) with a preview of the first rows → start: a background worker
links the rows with the registry (veche/registry/importlink.py) while the page shows progress;
then the rejected and doubtful rows, and the row-level report as XLSX or CSV."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.documents.download import file_response
from veche.registry.import_report import report_file
from veche.registry.importfile import MAX_BYTES
from veche.registry.importmap import FIELDS
from veche.registry.imports import (
    import_preview,
    import_rows_doubtful,
    list_import_create,
    list_import_map,
    list_import_start,
)
from veche.registry.models import ListImport, Segment

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
        label=gettext_lazy("Файл XLSX, XLS, ODS или CSV"), required=False,
        help_text=gettext_lazy("Колонки с ФИО (одной колонкой или тремя), датой рождения, "
                               "телефоном, почтой, адресом, организацией. Следующим шагом "
                               "вы проверите, какая колонка что означает."),
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


class MappingForm(forms.Form):
    """The sheet, the header row and a field per column of the header."""

    sheet = forms.ChoiceField(label=gettext_lazy("Лист"), required=False)
    header_row = forms.IntegerField(label=gettext_lazy("Строка заголовка"), min_value=1,
                                    required=False)

    def __init__(self, *args, record: ListImport, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        sheet = self.fields["sheet"]
        sheet.choices = [(s["name"], f'{s["name"] or _("Таблица")} ({s["rows"]})')  # type: ignore[attr-defined]
                         for s in record.sheets]
        sheet.initial = record.sheet
        self.fields["header_row"].initial = record.header_row
        choices = [("", _("— не загружать —"))] + [(k, str(v)) for k, v in FIELDS.items()]
        for index, header in enumerate(record.headers):
            label = header or _("Колонка %(n)s") % {"n": index + 1}
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=label, choices=choices, required=False,
                initial=record.mapping.get(str(index), ""))

    def column_fields(self):
        return [self[f"col_{i}"] for i in range(len(self.record.headers))]

    def mapping(self) -> dict[int, str]:
        return {i: self.cleaned_data.get(f"col_{i}") or "" for i in range(len(self.record.headers))}


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
            if record.status == ListImport.Status.FAILED:
                messages.error(request, _("Файл сохранён, но не прочитан: %(reason)s")
                               % {"reason": record.message})
            else:
                messages.success(request, _("Файл принят. Проверьте колонки и начните загрузку."))
            return redirect("web:office_import", slug=t.slug, import_id=record.pk)
    recent = ListImport.objects.filter(territory=t).select_related("source_list", "created_by")
    return render(request, "web/office/imports.html", {"form": form, "imports": recent[:30]},
                  status=400 if form.errors else 200)


def _record(request, import_id) -> ListImport:
    try:
        return ListImport.objects.select_related("source_list", "segment").get(
            territory=request.territory, pk=import_id)
    except ListImport.DoesNotExist:
        raise Http404(_("Нет такой загрузки.")) from None


@personal_data_required
def import_detail(request, slug, import_id):
    record = _record(request, import_id)
    if record.status == ListImport.Status.DRAFT:
        return _draft(request, record)
    doubtful = Paginator(import_rows_doubtful(list_import=record), REJECTED_PAGE).get_page(
        request.GET.get("page"))
    context = {"record": record, "rejected": doubtful,
               "running": record.status in (ListImport.Status.QUEUED, ListImport.Status.RUNNING)}
    if request.htmx and request.htmx.target == "import-progress":
        response = render(request, "web/office/import_progress.html", context)
        if not context["running"]:
            # Finished: reload the whole page so the rejected rows appear under the figures.
            response["HX-Refresh"] = "true"
        return response
    return render(request, "web/office/import_detail.html", context)


def _draft(request, record: ListImport):
    form = MappingForm(request.POST or None, record=record)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "start":
                list_import_map(list_import=record, mapping=form.mapping())
                list_import_start(list_import=record, by=request.user)
                messages.success(request, _("Загрузка началась. Обработка идёт в фоне — "
                                            "следите за ходом."))
            else:
                sheet = form.cleaned_data.get("sheet") or record.sheet
                header = form.cleaned_data.get("header_row")
                moved = sheet != record.sheet or (header and header != record.header_row)
                list_import_map(list_import=record, sheet=sheet, header_row=header,
                                mapping=None if moved else form.mapping())
            return redirect("web:office_import", slug=request.territory.slug,
                            import_id=record.pk)
        except ValidationError as exc:
            attach_errors(form, exc)
            status = 400
    elif form.errors:
        status = 400
    preview = import_preview(list_import=record)
    return render(request, "web/office/import_mapping.html", {
        "record": record, "form": form, "preview": preview, "labels": FIELDS,
        "shown": ["surname", "given_name", "patronymic", "birth_date", "phone", "email",
                  "address"]}, status=status)


@personal_data_required
def import_report(request, slug, import_id, fmt):
    record = _record(request, import_id)
    report = report_file(record, fmt)
    if report is None:
        raise Http404(_("Нет такого формата."))
    body, kind, name = report
    return file_response(body, filename=name, content_type=kind)
