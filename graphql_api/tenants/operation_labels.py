"""Chinese names of the operations a refusal (拒绝访问) records, for the audit log.

The base mutation records a refused mutation by its type name (`UnitRename`),
the server's own pages by their operation (`attachment_download`). Auditors
read 拒绝的操作：修改单位名称, so every mutation of the schema has its label
here (`tests/graphql_api/tenants/test_operation_labels.py` walks the schema,
and the pages' refusals, so a new one cannot come without a label).
"""

from __future__ import annotations

MUTATION_LABELS: dict[str, str] = {
    "HolidayScheduleEnter": "录入节假日安排",
    "NotificationMarkRead": "标记站内通知已读",
    "PetitionTransfer": "转办信访件",
    "PetitionAssign": "交办信访件",
    "PetitionEscalate": "上报信访件",
    "CaseSubjectRecord": "登记被反映人",
    "PetitionSendDownApprove": "批准下转检举控告件",
    "ReviewRequest": "登记复查（复核）申请",
    "ReviewDecide": "作出复查（复核）意见",
    "RemitObjectionRaise": "提出管辖异议",
    "RemitObjectionDecide": "决定管辖异议",
    "ResultReportSubmit": "报结",
    "ResultReportDecide": "审核报结",
    "SupervisionOrderIssue": "签发督办单",
    "SupervisionOrderReply": "回复督办单",
    "UrgeSupervisionOrder": "催办督办单",
    "PetitionRepeatScan": "重复信访比对",
    "RepeatMatchMerge": "重复件并案",
    "RepeatMatchDismiss": "排除重复件",
    "OnlinePetitionSubmit": "提交网上信访",
    "OnlinePetitionRate": "网上信访满意度评价",
    "OnlinePetitionReviewRequest": "网上申请复查（复核）",
    "ReportRequirementCreate": "布置报告要求",
    "ReportSubmit": "报送报告",
    "ReportReturn": "退回报告",
    "ReportAccept": "采纳报告",
    "RiskScreeningCreate": "报送隐患排查",
    "SituationReportCreate": "报送重要情况",
    "AssessmentBulletinIssue": "发布考核通报",
    "PetitionRegister": "登记信访件",
    "PetitionAccept": "受理信访件",
    "PetitionDecline": "不予受理",
    "PetitionRefer": "告知（引导至有权机关）",
    "PetitionRoute": "归口办理",
    "PetitionInstruct": "录入领导批示",
    "PetitionAssignOwner": "领导包案",
    "PetitionRecuse": "回避",
    "HandlingRecordAdd": "添加办理记录",
    "PetitionConclude": "作出办理结论",
    "ExtensionRequest": "申请延期",
    "ExtensionApprove": "批准延期",
    "ExtensionReject": "不批准延期",
    "ClosureSubmit": "提交结案审核",
    "ClosureApprove": "审核办结",
    "ClosureReturn": "退回重办",
    "FeedbackRecord": "记录反馈",
    "ReturnVisitRecord": "记录回访",
    "PetitionArchive": "归档",
    "ReceptionDayCreate": "登记领导接访日",
    "ReceptionDayUpdate": "修改领导接访日",
    "PetitionIdentityReveal": "显示信访人身份信息",
    "Login": "登录",
    "Logout": "退出登录",
    "TokenCreate": "签发API令牌",
    "TokenRevoke": "吊销API令牌",
    "UnitCreate": "新建下级单位",
    "UnitRename": "修改单位名称",
    "UnitDeactivate": "停用单位",
    "UnitReactivate": "启用单位",
    "UnitDocumentSettingsSet": "修改公文设置",
    "DepartmentCreate": "新建科室",
    "UserCreate": "新建用户",
    "UserUpdate": "修改用户",
    "UserSetPassword": "重置密码",
    "RoleGrantApprove": "批准授予身份查看角色",
}

# The refusals of the server's own pages (frontend/petitions.py `_refused`).
PAGE_OPERATION_LABELS: dict[str, str] = {
    "notice_print": "打印告知书",
    "attachment_upload": "上传附件",
    "attachment_download": "下载附件",
}

OPERATION_LABELS: dict[str, str] = {**MUTATION_LABELS, **PAGE_OPERATION_LABELS}


def operation_label(operation: str) -> str | None:
    """The Chinese name of a recorded operation, or None for an unknown one."""
    return OPERATION_LABELS.get(operation)
