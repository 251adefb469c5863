"""Stable audit event codes and the one function that writes an audit row.

Call `record` inside the same transaction as the write it describes, so the two commit or
roll back together.
"""

from __future__ import annotations

from typing import Any

from incare.accounts.models import User
from incare.audit.models import AuditEvent

USER_CREATED = "user.created"
USER_CHANGED = "user.changed"
SIGNED_IN = "user.signed_in"
SIGN_IN_FAILED = "user.sign_in_failed"
SIGN_IN_UNLOCKED = "user.sign_in_unlocked"
LOCAL_AUTHORITY_SAVED = "local_authority.saved"
RETURN_IMPORTED = "return.imported"
CHILD_RECORD_VIEWED = "child.viewed"
CHILDREN_LIST_VIEWED = "children.list_viewed"
STRATEGY_LOADED = "strategy.loaded"
STRATEGY_PROGRESS_ADDED = "strategy.progress_added"
COUNCILLOR_QUESTION_ASKED = "strategy.question_asked"
COUNCILLOR_QUESTION_ANSWERED = "strategy.question_answered"
LOCAL_MEASURE_VALUE_RECORDED = "strategy.local_value_recorded"
SCORECARD_BUILT = "strategy.scorecard_built"
SSD_IMPORTED = "records.ssd_imported"
RECORDS_IMPORTED = "records.imported"
RECORD_ADDED = "records.added"
CHILD_RECORDS_VIEWED = "records.viewed"
REPORT_EXPORTED = "report.exported"
TEAM_SAVED = "worklist.team_saved"
STAFF_MEMBER_SET = "worklist.staff_member_set"
CASELOADS_ASSIGNED = "worklist.caseloads_assigned"
WORKLIST_EXPORTED = "worklist.exported"
WORKLIST_DIGEST_SENT = "worklist.digest_sent"
VALIDATION_EXPORTED = "validation.exported"
AUDIT_LOG_SEARCHED = "audit.searched"


def record(
    event_type: str,
    *,
    acting_user: User | None,
    subject: str = "",
    old_value: Any = None,
    new_value: Any = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        event_type=event_type,
        acting_user=acting_user,
        subject=subject,
        old_value=old_value,
        new_value=new_value,
    )
