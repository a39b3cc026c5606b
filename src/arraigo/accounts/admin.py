"""Admin for accounts: the role groups are read-only.

One group per role, with exactly its permissions, is written by accounts.roles.roles_sync on
every migrate; a permission added in the admin would silently grant a role more than the
code says until the next sync. Roles change in accounts/roles.py.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from arraigo.core.admin import NoWrites

admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(NoWrites, GroupAdmin):
    pass


# django-otp's own admin pages for the second factor's devices are writable and would show
# keys and recovery codes: here they are read-only (OTP_ADMIN_HIDE_SENSITIVE_DATA hides the
# keys, the recovery codes and the QR code). Devices change through accounts.services only.
class ReadOnlyTOTPDeviceAdmin(NoWrites, TOTPDeviceAdmin):
    pass


class ReadOnlyStaticDeviceAdmin(NoWrites, StaticDeviceAdmin):
    pass


for _model, _admin_class in (
    (TOTPDevice, ReadOnlyTOTPDeviceAdmin),
    (StaticDevice, ReadOnlyStaticDeviceAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin_class)
