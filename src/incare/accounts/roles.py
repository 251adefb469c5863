"""The roles of incare's users, taken from the people the seed strategies name.

Least privilege: a role sees only what its work needs. `may_see_children` decides who may
see named children behind a figure; councillors and the public see aggregates only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ANALYST = "analyst"
    HEAD_OF_SERVICE = "head_of_service"
    TEAM_MANAGER = "team_manager"
    SOCIAL_WORKER = "social_worker"
    PERSONAL_ADVISER = "personal_adviser"
    HEALTH = "health"
    VIRTUAL_SCHOOL = "virtual_school"
    COUNCILLOR = "councillor"
    ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class RoleInfo:
    label: str
    may_see_children: bool
    may_import: bool
    # Only system administrators search the audit log (issue 7 §3): it names every child read.
    may_read_audit: bool = False


ROLES: dict[Role, RoleInfo] = {
    Role.ANALYST: RoleInfo("Performance analyst", may_see_children=True, may_import=True),
    Role.HEAD_OF_SERVICE: RoleInfo("Head of service", may_see_children=True, may_import=False),
    Role.TEAM_MANAGER: RoleInfo("Team manager", may_see_children=True, may_import=False),
    Role.SOCIAL_WORKER: RoleInfo("Social worker", may_see_children=True, may_import=False),
    Role.PERSONAL_ADVISER: RoleInfo("Personal adviser", may_see_children=True, may_import=False),
    Role.HEALTH: RoleInfo("Children in care nurse", may_see_children=True, may_import=False),
    Role.VIRTUAL_SCHOOL: RoleInfo("Virtual school", may_see_children=True, may_import=False),
    Role.COUNCILLOR: RoleInfo(
        "Councillor (Corporate Parenting Forum)", may_see_children=False, may_import=False
    ),
    Role.ADMINISTRATOR: RoleInfo(
        "System administrator", may_see_children=False, may_import=True, may_read_audit=True
    ),
}
