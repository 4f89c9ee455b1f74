/** The CRMs the connector speaks to. */
export const CRM_VENDORS = ['hubspot', 'salesforce'] as const;
export type CrmVendor = (typeof CRM_VENDORS)[number];

/** The vendor's name as people write it, for messages. */
export const VENDOR_LABEL: Record<CrmVendor, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
};

/**
 * The four values the engine writes on each company / account record, by the vendor's own
 * internal names (HubSpot property names, Salesforce field API names).
 */
export interface IcpFieldNames {
  readonly score: string;
  readonly tier: string;
  readonly reasons: string;
  readonly icpId: string;
}

export const ICP_FIELDS: Record<CrmVendor, IcpFieldNames> = {
  hubspot: { score: 'icp_score', tier: 'icp_tier', reasons: 'icp_reasons', icpId: 'icp_id' },
  salesforce: {
    score: 'ICP_Score__c',
    tier: 'ICP_Tier__c',
    reasons: 'ICP_Reasons__c',
    icpId: 'ICP_Id__c',
  },
};

/**
 * Longest reasons text written: HubSpot's multi-line text holds 65,536 characters; the
 * Salesforce long text area the connector creates holds 32,768. Longer text is cut there.
 */
export const MAX_REASONS_LENGTH: Record<CrmVendor, number> = {
  hubspot: 65_536,
  salesforce: 32_768,
};
