"""People who log in, and what they may do in which town.

A `User` is a login (email, phone, ESIA); a registry `Person` is a resident known to the town,
with or without a login. Roles are per town (`Membership`); platform admin is `is_superuser`.
"""

from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veche.territories.models import TownOwned, TownOwnedCreated


class Role(models.TextChoices):
    RESIDENT = "resident", _("житель")
    MEMBER = "member", _("активист")
    EXPERT = "expert", _("эксперт")
    MODERATOR = "moderator", _("модератор")
    STAFF = "staff", _("сотрудник администрации")
    HEAD = "head", _("глава города")
    ENTERPRISE = "enterprise", _("представитель предприятия")
    CURATOR = "curator", _("куратор территории")


# Roles whose accounts must pass a second factor (TOTP) before they see anything: every role
# that reads residents' personal data or decides on others' participation (a moderator's verdict
# on a vote's abuse flag goes into its results), and the curators who see many towns.
# tests/accounts/test_accounts_personal_data_access.py checks that no role outside it reaches a
# page with personal data.
SECOND_FACTOR_ROLES = frozenset({Role.STAFF, Role.HEAD, Role.MODERATOR, Role.CURATOR})
# Roles that read residents' personal data in the back office: the registry and person cards,
# list imports, the ledger of actions, the card-access log (152-FZ: as few people as the work
# needs — administration staff and the head of town).
PERSONAL_DATA_ROLES = frozenset({Role.STAFF, Role.HEAD})
# Roles that enter the town's back office at all (its summary of aggregate figures): those and
# the moderator, whose work there is the votes' abuse flags (veche/votes/access.py) and who
# needs no person's card, contacts or list of actions for it.
BACK_OFFICE_ROLES = PERSONAL_DATA_ROLES | {Role.MODERATOR}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, **extra):
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **extra)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("эл. почта"), unique=True, null=True, blank=True)
    phone = models.CharField(_("телефон"), max_length=16, unique=True, null=True, blank=True)
    full_name = models.CharField(_("имя"), max_length=300, blank=True)
    esia_subject = models.CharField(max_length=200, unique=True, null=True, blank=True)
    # When the owner proved they read this address / hold this phone (a link from the e-mail, a
    # code by SMS, a password reset through it). Until then the login's registry persons stay
    # «не подтверждён» and votes that ask for a confirmed contact refuse them (docs/auth.md).
    email_confirmed_at = models.DateTimeField(_("почта подтверждена"), null=True, blank=True)
    phone_confirmed_at = models.DateTimeField(_("телефон подтверждён"), null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Доступ к Django admin")
    date_joined = models.DateTimeField(default=timezone.now)
    language = models.CharField(max_length=8, default="ru")

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    if TYPE_CHECKING:

        def is_verified(self) -> bool:
            """Passed the second factor in this session: django-otp's OTPMiddleware gives every
            request's user this method."""

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or f"#{self.pk}"


class Department(TownOwned):
    name = models.CharField(_("отдел"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TownOwnedCreated):
    """A user's role in one town. A curator holds one curator membership per town curated."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "user", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.territory_id})"


class ApiToken(models.Model):
    """A token for integrations. Only a hash is stored; the key is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class PhoneLoginCode(models.Model):
    """A one-time code sent by SMS. Only a hash is stored; attempts are counted."""

    phone = models.CharField(max_length=16, db_index=True)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
