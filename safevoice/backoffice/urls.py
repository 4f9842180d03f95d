from django.urls import path

from safevoice.backoffice.views import (
    account,
    audit,
    consultations,
    content,
    events,
    exclusion,
    exports,
    home,
    paper,
    publishing,
    responses,
    results,
    retention,
    signin,
    staff,
)

app_name = "backoffice"

C = "consultations/<slug:slug>/"

urlpatterns = [
    path("", home.home, name="home"),
    # Signing in and out
    path("sign-in/", signin.sign_in, name="sign_in"),
    path("sign-in/code/", signin.sign_in_code, name="sign_in_code"),
    path("sign-in/set-up-authenticator/", signin.set_up_two_factor, name="set_up_two_factor"),
    path("sign-in/set-up-authenticator/qr-code.svg", signin.qr_code, name="qr_code"),
    path("sign-in/recovery-codes/", signin.recovery_codes, name="recovery_codes"),
    path("sign-out/", signin.sign_out, name="sign_out"),
    # One's own account
    path("account/", account.account, name="account"),
    path("account/password/", account.change_password, name="change_password"),
    path("account/recovery-codes/", account.new_recovery_codes, name="new_recovery_codes"),
    # Staff accounts and the audit log (administrators)
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/add/", staff.add_staff, name="add_staff"),
    path("staff/<int:user_id>/", staff.staff_member, name="staff_member"),
    path("staff/<int:user_id>/roles/add/", staff.add_role, name="add_role"),
    path("staff/<int:user_id>/roles/<int:grant_id>/remove/", staff.remove_role, name="remove_role"),
    path("staff/<int:user_id>/deactivate/", staff.deactivate, name="deactivate"),
    path("staff/<int:user_id>/reactivate/", staff.reactivate, name="reactivate"),
    path("staff/<int:user_id>/new-password/", staff.reset_password, name="reset_password"),
    path("staff/<int:user_id>/reset-authenticator/", staff.reset_two_factor, name="reset_two_factor"),
    path("staff/<int:user_id>/unlock/", staff.unlock, name="unlock"),
    path("audit-log/", audit.audit_log, name="audit_log"),
    # Support services (consultation managers of every consultation)
    path("support-services/", content.support_services, name="support_services"),
    path("support-services/<int:service_id>/", content.check_support_service, name="check_support_service"),
    # New consultations from a content folder
    path("consultations/new/", publishing.new_consultation, name="new_consultation"),
    path("consultations/new/check/", publishing.check_new_consultation, name="check_new_consultation"),
    # One consultation
    path(C, consultations.consultation, name="consultation"),
    path(C + "dates/", consultations.dates, name="dates"),
    path(C + "dates/open-now/", consultations.open_now, name="open_now"),
    path(C + "dates/close-now/", consultations.close_now, name="close_now"),
    path(C + "dates/closing-date/", consultations.change_closing_date, name="change_closing_date"),
    path(C + "sections/", content.sections, name="sections"),
    path(C + "sections/<slug:key>/", content.change_section, name="change_section"),
    path(C + "privacy-notices/<int:notice_id>/", content.change_privacy_notice, name="change_privacy_notice"),
    path(C + "events/", events.events, name="events"),
    path(C + "events/add/", events.add_event, name="add_event"),
    path(C + "events/<int:event_id>/", events.change_event, name="change_event"),
    path(C + "events/<int:event_id>/cancel/", events.cancel_event, name="cancel_event"),
    path(C + "questionnaire/", publishing.questionnaire_versions, name="questionnaire_versions"),
    path(C + "questionnaire/upload/", publishing.upload_questionnaire, name="upload_questionnaire"),
    path(C + "questionnaire/upload/check/", publishing.check_questionnaire, name="check_questionnaire"),
    path(
        C + "questionnaire/<int:version_id>/", publishing.questionnaire_version, name="questionnaire_version"
    ),
    path(
        C + "questionnaire/upload/file/",
        publishing.uploaded_questionnaire_file,
        name="uploaded_questionnaire_file",
    ),
    path(C + "questionnaire/xlsform/", publishing.questionnaire_as_xlsform, name="questionnaire_as_xlsform"),
    path(C + "retention/", retention.retention, name="retention"),
    path(C + "responses/", responses.responses, name="responses"),
    path(C + "responses/repeats/", responses.repeats, name="repeats"),
    path(C + "responses/<int:response_id>/", responses.response_detail, name="response"),
    path(C + "responses/<int:response_id>/exclude/", exclusion.exclude, name="exclude_response"),
    path(C + "responses/<int:response_id>/include/", exclusion.include, name="include_response"),
    path(
        C + "responses/repeats/<int:response_id>/exclude/", exclusion.exclude_repeats, name="exclude_repeats"
    ),
    path(C + "exports/", exports.exports, name="exports"),
    path(C + "exports/<uuid:job_id>/", exports.export, name="export"),
    path(C + "exports/<uuid:job_id>/<str:name>", exports.export_download, name="export_download"),
    path(C + "paper/", paper.paper_start, name="paper_start"),
    path(C + "paper/discard/", paper.paper_discard, name="paper_discard"),
    path(C + "paper/check/", paper.paper_check, name="paper_check"),
    path(C + "paper/<slug:page_id>/", paper.paper_page, name="paper_page"),
    path(C + "results/", results.results, name="results"),
]
