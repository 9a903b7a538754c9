"""Contains all the data models used in inputs/outputs"""

from .accreditation_decision_in import AccreditationDecisionIn
from .accreditation_out import AccreditationOut
from .accreditation_out_answers import AccreditationOutAnswers
from .aid_in import AidIn
from .aid_out import AidOut
from .answer_in import AnswerIn
from .api_error import ApiError
from .api_error_field import ApiErrorField
from .api_error_fields_type_0 import ApiErrorFieldsType0
from .api_token_created_out import ApiTokenCreatedOut
from .api_token_in import ApiTokenIn
from .api_token_out import ApiTokenOut
from .application_decision_in import ApplicationDecisionIn
from .application_eligibility_out import ApplicationEligibilityOut
from .application_eligibility_out_de_minimis import ApplicationEligibilityOutDeMinimis
from .application_event_out import ApplicationEventOut
from .application_history_out import ApplicationHistoryOut
from .application_in import ApplicationIn
from .application_out import ApplicationOut
from .application_review_out import ApplicationReviewOut
from .application_revision_out import ApplicationRevisionOut
from .application_revision_out_data import ApplicationRevisionOutData
from .application_rule_out import ApplicationRuleOut
from .application_rule_out_figures import ApplicationRuleOutFigures
from .bank_details_change_out import BankDetailsChangeOut
from .bank_details_change_ref import BankDetailsChangeRef
from .bank_details_reject_in import BankDetailsRejectIn
from .bank_statement_entry_out import BankStatementEntryOut
from .bank_statement_out import BankStatementOut
from .bank_statement_out_counts import BankStatementOutCounts
from .calendar_feed_out import CalendarFeedOut
from .calendar_feed_renew_in import CalendarFeedRenewIn
from .calendar_feed_renew_in_language_type_0 import CalendarFeedRenewInLanguageType0
from .call_out import CallOut
from .category_out import CategoryOut
from .change_request_decision_in import ChangeRequestDecisionIn
from .change_request_in import ChangeRequestIn
from .change_request_out import ChangeRequestOut
from .change_request_out_after import ChangeRequestOutAfter
from .change_request_out_before import ChangeRequestOutBefore
from .check_in import CheckIn
from .check_out import CheckOut
from .checklist_answer_out import ChecklistAnswerOut
from .choice_out import ChoiceOut
from .classify_in import ClassifyIn
from .column_out import ColumnOut
from .commission_in import CommissionIn
from .compute_application_in import ComputeApplicationIn
from .compute_application_out import ComputeApplicationOut
from .compute_application_out_earlier_vouchers_item import ComputeApplicationOutEarlierVouchersItem
from .compute_change_decision_in import ComputeChangeDecisionIn
from .compute_change_note_in import ComputeChangeNoteIn
from .compute_change_reason_in import ComputeChangeReasonIn
from .compute_change_request_in import ComputeChangeRequestIn
from .compute_change_request_out import ComputeChangeRequestOut
from .compute_change_request_out_after import ComputeChangeRequestOutAfter
from .compute_change_request_out_before import ComputeChangeRequestOutBefore
from .compute_data_centre_choice_out import ComputeDataCentreChoiceOut
from .compute_decision_in import ComputeDecisionIn
from .compute_exception_in import ComputeExceptionIn
from .compute_review_in import ComputeReviewIn
from .compute_voucher_out import ComputeVoucherOut
from .confirm_in import ConfirmIn
from .credential_in import CredentialIn
from .data_centre_out import DataCentreOut
from .directory_out import DirectoryOut
from .draw_out import DrawOut
from .eligibility_out import EligibilityOut
from .hand_back_in import HandBackIn
from .hearing_in import HearingIn
from .hold_in import HoldIn
from .hold_out import HoldOut
from .instalment_check_in import InstalmentCheckIn
from .instalment_decide_in import InstalmentDecideIn
from .instalment_figures import InstalmentFigures
from .instalment_invoice_out import InstalmentInvoiceOut
from .instalment_invoice_out_checks_item import InstalmentInvoiceOutChecksItem
from .instalment_out import InstalmentOut
from .instalments_out import InstalmentsOut
from .investor_declare_in import InvestorDeclareIn
from .investor_profile_out import InvestorProfileOut
from .invitation_accept_in import InvitationAcceptIn
from .invitation_in import InvitationIn
from .invitation_in_role import InvitationInRole
from .invitation_out import InvitationOut
from .invoice_out import InvoiceOut
from .join_decision_in import JoinDecisionIn
from .join_decision_in_role import JoinDecisionInRole
from .join_request_in import JoinRequestIn
from .join_request_out import JoinRequestOut
from .join_request_owner_out import JoinRequestOwnerOut
from .key_in import KeyIn
from .key_in_jwk import KeyInJwk
from .kiis_acknowledge_in import KiisAcknowledgeIn
from .kiis_acknowledgement_out import KiisAcknowledgementOut
from .kiis_in import KiisIn
from .kiis_out import KiisOut
from .kivoucher_compute_api_sacct_upload_file_params import KivoucherComputeApiSacctUploadFileParams
from .kivoucher_compute_api_statement_invoice_file_params import KivoucherComputeApiStatementInvoiceFileParams
from .kivoucher_payments_api_import_bank_statement_files_body import KivoucherPaymentsApiImportBankStatementFilesBody
from .kivoucher_presale_api_import_statement_file_params import KivoucherPresaleApiImportStatementFileParams
from .kivoucher_projects_api_request_instalment_file_params import KivoucherProjectsApiRequestInstalmentFileParams
from .kivoucher_projects_api_submit_proof_multi_part_body_params import (
    KivoucherProjectsApiSubmitProofMultiPartBodyParams,
)
from .kivoucher_providers_api_apply_multi_part_body_params import KivoucherProvidersApiApplyMultiPartBodyParams
from .knowledge_test_in import KnowledgeTestIn
from .knowledge_test_in_answers import KnowledgeTestInAnswers
from .knowledge_test_out import KnowledgeTestOut
from .knowledge_test_result_out import KnowledgeTestResultOut
from .kyc_check_in import KycCheckIn
from .kyc_in import KycIn
from .kyc_out import KycOut
from .kyc_person_in import KycPersonIn
from .kyc_person_in_role import KycPersonInRole
from .kyc_person_out import KycPersonOut
from .loss_line_out import LossLineOut
from .loss_simulation_in import LossSimulationIn
from .loss_simulation_out import LossSimulationOut
from .lottery_in import LotteryIn
from .maintenance_in import MaintenanceIn
from .me_out import MeOut
from .me_out_organisations_item import MeOutOrganisationsItem
from .member_out import MemberOut
from .member_patch import MemberPatch
from .member_patch_role import MemberPatchRole
from .message_in import MessageIn
from .note_in import NoteIn
from .objection_decide_in import ObjectionDecideIn
from .objection_in import ObjectionIn
from .objection_out import ObjectionOut
from .offer_in import OfferIn
from .offer_out import OfferOut
from .onboard_in import OnboardIn
from .organisation_out import OrganisationOut
from .organisation_patch import OrganisationPatch
from .organisation_register_in import OrganisationRegisterIn
from .organisation_register_in_kind import OrganisationRegisterInKind
from .payment_batch_out import PaymentBatchOut
from .payout_cancel_in import PayoutCancelIn
from .payout_out import PayoutOut
from .price_item_in import PriceItemIn
from .price_list_in import PriceListIn
from .price_list_out import PriceListOut
from .price_out import PriceOut
from .price_part_out import PricePartOut
from .price_quote_out import PriceQuoteOut
from .programme_out import ProgrammeOut
from .progress_out import ProgressOut
from .proof_einvoice_finding_out import ProofEinvoiceFindingOut
from .proof_einvoice_validation_out import ProofEinvoiceValidationOut
from .proof_out import ProofOut
from .proof_out_checks_item import ProofOutChecksItem
from .public_statistics_out import PublicStatisticsOut
from .purchase_in import PurchaseIn
from .purchase_out import PurchaseOut
from .purchase_out_payment import PurchaseOutPayment
from .question_out import QuestionOut
from .queue_item_out import QueueItemOut
from .reason_in import ReasonIn
from .receivable_out import ReceivableOut
from .recovery_case_in import RecoveryCaseIn
from .recovery_case_out import RecoveryCaseOut
from .recovery_case_out_interest_detail import RecoveryCaseOutInterestDetail
from .recovery_decide_in import RecoveryDecideIn
from .report_in import ReportIn
from .report_out import ReportOut
from .report_out_usage_summary import ReportOutUsageSummary
from .request_in import RequestIn
from .request_out import RequestOut
from .result_out import ResultOut
from .review_in import ReviewIn
from .review_in_checklist import ReviewInChecklist
from .revoke_in import RevokeIn
from .rule_out import RuleOut
from .rule_out_figures import RuleOutFigures
from .run_out import RunOut
from .sacct_out import SacctOut
from .sacct_out_reasons import SacctOutReasons
from .sacct_out_skipped import SacctOutSkipped
from .section_out import SectionOut
from .selection_out import SelectionOut
from .self_billing_consent_in import SelfBillingConsentIn
from .settlement_einvoice_finding_out import SettlementEinvoiceFindingOut
from .settlement_einvoice_validation_out import SettlementEinvoiceValidationOut
from .settlement_invoice_out import SettlementInvoiceOut
from .share_class_in import ShareClassIn
from .share_class_out import ShareClassOut
from .slot_out import SlotOut
from .slurm_account_in import SlurmAccountIn
from .slurm_reservation_out import SlurmReservationOut
from .statement_import_out import StatementImportOut
from .statement_in import StatementIn
from .statement_line_out import StatementLineOut
from .statement_out import StatementOut
from .statistics_licence_out import StatisticsLicenceOut
from .table_out import TableOut
from .table_out_rows_item import TableOutRowsItem
from .tier_in import TierIn
from .tier_out import TierOut
from .transfer_in import TransferIn
from .transfer_out import TransferOut
from .usage_in import UsageIn
from .usage_out import UsageOut
from .verification_out import VerificationOut
from .voucher_out import VoucherOut
from .webhook_delivery_out import WebhookDeliveryOut
from .webhook_endpoint_created_out import WebhookEndpointCreatedOut
from .webhook_endpoint_in import WebhookEndpointIn
from .webhook_endpoint_out import WebhookEndpointOut
from .webhook_endpoint_patch import WebhookEndpointPatch
from .webhook_secret_out import WebhookSecretOut

__all__ = (
    "AccreditationDecisionIn",
    "AccreditationOut",
    "AccreditationOutAnswers",
    "AidIn",
    "AidOut",
    "AnswerIn",
    "ApiError",
    "ApiErrorField",
    "ApiErrorFieldsType0",
    "ApiTokenCreatedOut",
    "ApiTokenIn",
    "ApiTokenOut",
    "ApplicationDecisionIn",
    "ApplicationEligibilityOut",
    "ApplicationEligibilityOutDeMinimis",
    "ApplicationEventOut",
    "ApplicationHistoryOut",
    "ApplicationIn",
    "ApplicationOut",
    "ApplicationReviewOut",
    "ApplicationRevisionOut",
    "ApplicationRevisionOutData",
    "ApplicationRuleOut",
    "ApplicationRuleOutFigures",
    "BankDetailsChangeOut",
    "BankDetailsChangeRef",
    "BankDetailsRejectIn",
    "BankStatementEntryOut",
    "BankStatementOut",
    "BankStatementOutCounts",
    "CalendarFeedOut",
    "CalendarFeedRenewIn",
    "CalendarFeedRenewInLanguageType0",
    "CallOut",
    "CategoryOut",
    "ChangeRequestDecisionIn",
    "ChangeRequestIn",
    "ChangeRequestOut",
    "ChangeRequestOutAfter",
    "ChangeRequestOutBefore",
    "CheckIn",
    "ChecklistAnswerOut",
    "CheckOut",
    "ChoiceOut",
    "ClassifyIn",
    "ColumnOut",
    "CommissionIn",
    "ComputeApplicationIn",
    "ComputeApplicationOut",
    "ComputeApplicationOutEarlierVouchersItem",
    "ComputeChangeDecisionIn",
    "ComputeChangeNoteIn",
    "ComputeChangeReasonIn",
    "ComputeChangeRequestIn",
    "ComputeChangeRequestOut",
    "ComputeChangeRequestOutAfter",
    "ComputeChangeRequestOutBefore",
    "ComputeDataCentreChoiceOut",
    "ComputeDecisionIn",
    "ComputeExceptionIn",
    "ComputeReviewIn",
    "ComputeVoucherOut",
    "ConfirmIn",
    "CredentialIn",
    "DataCentreOut",
    "DirectoryOut",
    "DrawOut",
    "EligibilityOut",
    "HandBackIn",
    "HearingIn",
    "HoldIn",
    "HoldOut",
    "InstalmentCheckIn",
    "InstalmentDecideIn",
    "InstalmentFigures",
    "InstalmentInvoiceOut",
    "InstalmentInvoiceOutChecksItem",
    "InstalmentOut",
    "InstalmentsOut",
    "InvestorDeclareIn",
    "InvestorProfileOut",
    "InvitationAcceptIn",
    "InvitationIn",
    "InvitationInRole",
    "InvitationOut",
    "InvoiceOut",
    "JoinDecisionIn",
    "JoinDecisionInRole",
    "JoinRequestIn",
    "JoinRequestOut",
    "JoinRequestOwnerOut",
    "KeyIn",
    "KeyInJwk",
    "KiisAcknowledgeIn",
    "KiisAcknowledgementOut",
    "KiisIn",
    "KiisOut",
    "KivoucherComputeApiSacctUploadFileParams",
    "KivoucherComputeApiStatementInvoiceFileParams",
    "KivoucherPaymentsApiImportBankStatementFilesBody",
    "KivoucherPresaleApiImportStatementFileParams",
    "KivoucherProjectsApiRequestInstalmentFileParams",
    "KivoucherProjectsApiSubmitProofMultiPartBodyParams",
    "KivoucherProvidersApiApplyMultiPartBodyParams",
    "KnowledgeTestIn",
    "KnowledgeTestInAnswers",
    "KnowledgeTestOut",
    "KnowledgeTestResultOut",
    "KycCheckIn",
    "KycIn",
    "KycOut",
    "KycPersonIn",
    "KycPersonInRole",
    "KycPersonOut",
    "LossLineOut",
    "LossSimulationIn",
    "LossSimulationOut",
    "LotteryIn",
    "MaintenanceIn",
    "MemberOut",
    "MemberPatch",
    "MemberPatchRole",
    "MeOut",
    "MeOutOrganisationsItem",
    "MessageIn",
    "NoteIn",
    "ObjectionDecideIn",
    "ObjectionIn",
    "ObjectionOut",
    "OfferIn",
    "OfferOut",
    "OnboardIn",
    "OrganisationOut",
    "OrganisationPatch",
    "OrganisationRegisterIn",
    "OrganisationRegisterInKind",
    "PaymentBatchOut",
    "PayoutCancelIn",
    "PayoutOut",
    "PriceItemIn",
    "PriceListIn",
    "PriceListOut",
    "PriceOut",
    "PricePartOut",
    "PriceQuoteOut",
    "ProgrammeOut",
    "ProgressOut",
    "ProofEinvoiceFindingOut",
    "ProofEinvoiceValidationOut",
    "ProofOut",
    "ProofOutChecksItem",
    "PublicStatisticsOut",
    "PurchaseIn",
    "PurchaseOut",
    "PurchaseOutPayment",
    "QuestionOut",
    "QueueItemOut",
    "ReasonIn",
    "ReceivableOut",
    "RecoveryCaseIn",
    "RecoveryCaseOut",
    "RecoveryCaseOutInterestDetail",
    "RecoveryDecideIn",
    "ReportIn",
    "ReportOut",
    "ReportOutUsageSummary",
    "RequestIn",
    "RequestOut",
    "ResultOut",
    "ReviewIn",
    "ReviewInChecklist",
    "RevokeIn",
    "RuleOut",
    "RuleOutFigures",
    "RunOut",
    "SacctOut",
    "SacctOutReasons",
    "SacctOutSkipped",
    "SectionOut",
    "SelectionOut",
    "SelfBillingConsentIn",
    "SettlementEinvoiceFindingOut",
    "SettlementEinvoiceValidationOut",
    "SettlementInvoiceOut",
    "ShareClassIn",
    "ShareClassOut",
    "SlotOut",
    "SlurmAccountIn",
    "SlurmReservationOut",
    "StatementImportOut",
    "StatementIn",
    "StatementLineOut",
    "StatementOut",
    "StatisticsLicenceOut",
    "TableOut",
    "TableOutRowsItem",
    "TierIn",
    "TierOut",
    "TransferIn",
    "TransferOut",
    "UsageIn",
    "UsageOut",
    "VerificationOut",
    "VoucherOut",
    "WebhookDeliveryOut",
    "WebhookEndpointCreatedOut",
    "WebhookEndpointIn",
    "WebhookEndpointOut",
    "WebhookEndpointPatch",
    "WebhookSecretOut",
)
