"""The practices capability's manifest (veche.accounts.contract): the bank of practices, a
town's project and the KPI scorecard. Registered from PracticesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from veche.accounts.contract import Capability, Upload, register

from . import access
from .lifecycle import LIFECYCLES
from .personal_data import practices_personal_data
from .signs import SIGNS as WARNING_SIGNS
from .signs import enterprise_parts
from .tenancy import walk_objects

_FILE_READERS = access.MANAGE | access.CURATE | access.EXPERTISE

CAPABILITY = register(Capability(
    name="practices",
    label=_("Лучшие муниципальные практики и KPI городов"),
    roles={"manage": access.MANAGE, "expertise": access.EXPERTISE, "curate": access.CURATE,
           "recognize": access.RECOGNIZE},
    lifecycles=LIFECYCLES,
    walk_objects=walk_objects,
    access=(access.access_practice, access.access_passport_version, access.access_replication,
            access.access_project, access.access_initiative, access.access_expertise_item,
            access.access_body, access.access_body_member, access.access_body_session,
            access.access_shortlist, access.access_plan, access.access_fact,
            access.access_curated_town, access.access_proposal, access.access_city_problem,
            access.access_running_plan, access.access_scorecard_settings),
    # Files staff attach as evidence: the town's office, its curator and the experts.
    uploads=tuple(Upload(folder, model, field, roles=_FILE_READERS) for folder, model, field in (
        ("projects/evidence/", "practices.StageResultMark", "evidence_file"),
        ("projects/minutes/", "practices.BodySession", "minutes_file"),
        ("projects/reports/", "practices.MonitoringReport", "photo"),
        ("scorecard/facts/", "practices.ImprovementFact", "evidence_file"),
        ("practices/passports/", "practices.PassportVersion", "source_file"),
    )),
    personal_data=practices_personal_data,  # the resident's own download (152-FZ art. 14)
    warning_signs=WARNING_SIGNS,  # seed 000's warning signs (signs.py)
    enterprise_parts=enterprise_parts,  # for the events' sign «enterprise absent»
))
