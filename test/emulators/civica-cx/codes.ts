/**
 * The code lists a Cx housing instance is configured with. Fictional, but shaped like a UK
 * landlord's: six-digit schedule-of-rates (SOR) codes in trades, priorities with target times,
 * repair types, contracts with contractors, and the organisation's own RepairStatusCodes.
 * The same lists serve every company of the instance.
 */
import type { RepairStatus, WorkOrderStatus } from './types';

export interface SorCode {
  sorCode: string;
  description: string;
  category: string;
  contract: string;
}

export const CATEGORIES: Record<string, string> = {
  PLUMB: 'Plumbing',
  HEAT: 'Heating & Hot Water',
  ELEC: 'Electrical',
  CARP: 'Carpentry & Doors',
  ROOF: 'Roofing & Gutters',
  DAMP: 'Damp & Mould',
  GLAZ: 'Windows & Glazing',
  EXT: 'External & Fencing',
};

export const CONTRACTS: Record<string, string> = {
  NBRM01: 'Responsive Repairs - Northbridge Maintenance Ltd',
  NBGAS1: 'Gas Servicing & Heating Repairs - WarmServe Ltd',
  NBELC1: 'Electrical Repairs - Brightline Electrical',
  NBDLO: 'In-house Repairs Team (DLO)',
};

export const SOR_CODES: SorCode[] = [
  { sorCode: '603005', description: 'Renew tap washer', category: 'PLUMB', contract: 'NBDLO' },
  { sorCode: '603021', description: 'Renew kitchen sink tap', category: 'PLUMB', contract: 'NBRM01' },
  { sorCode: '613011', description: 'Clear blockage to sink waste', category: 'PLUMB', contract: 'NBDLO' },
  { sorCode: '614001', description: 'Overhaul WC cistern', category: 'PLUMB', contract: 'NBRM01' },
  { sorCode: '615007', description: 'Trace and repair leak', category: 'PLUMB', contract: 'NBRM01' },
  { sorCode: '631003', description: 'Repair boiler: no heating or hot water', category: 'HEAT', contract: 'NBGAS1' },
  { sorCode: '631011', description: 'Repressurise heating system', category: 'HEAT', contract: 'NBGAS1' },
  { sorCode: '632005', description: 'Bleed and balance radiators', category: 'HEAT', contract: 'NBGAS1' },
  { sorCode: '701007', description: 'Renew single socket outlet', category: 'ELEC', contract: 'NBELC1' },
  { sorCode: '705001', description: 'Renew extractor fan', category: 'ELEC', contract: 'NBELC1' },
  { sorCode: '708003', description: 'Investigate electrical fault', category: 'ELEC', contract: 'NBELC1' },
  { sorCode: '304011', description: 'Ease and adjust internal door', category: 'CARP', contract: 'NBDLO' },
  { sorCode: '311005', description: 'Renew door lock', category: 'CARP', contract: 'NBDLO' },
  { sorCode: '322003', description: 'Refix stair handrail', category: 'CARP', contract: 'NBDLO' },
  { sorCode: '201007', description: 'Refix slipped roof tiles', category: 'ROOF', contract: 'NBRM01' },
  { sorCode: '221005', description: 'Clear gutters and downpipes', category: 'ROOF', contract: 'NBRM01' },
  { sorCode: '480003', description: 'Damp and mould inspection', category: 'DAMP', contract: 'NBDLO' },
  { sorCode: '481001', description: 'Mould wash and fungicidal treatment', category: 'DAMP', contract: 'NBDLO' },
  { sorCode: '451001', description: 'Ease and adjust window', category: 'GLAZ', contract: 'NBRM01' },
  { sorCode: '461003', description: 'Renew double glazed unit', category: 'GLAZ', contract: 'NBRM01' },
  { sorCode: '862001', description: 'Renew fence panel', category: 'EXT', contract: 'NBRM01' },
  { sorCode: '871003', description: 'Repair path or step', category: 'EXT', contract: 'NBRM01' },
];

/** [code, name, target days] */
export const PRIORITIES: [string, string, number][] = [
  ['E', 'Emergency (24 hours)', 1],
  ['U', 'Urgent (7 days)', 7],
  ['R', 'Routine (28 days)', 28],
  ['P', 'Planned (90 days)', 90],
];

export const REPAIR_TYPES: Record<string, string> = {
  RESP: 'Responsive repair',
  VOID: 'Void property works',
  RECH: 'Rechargeable repair',
  INSP: 'Inspection',
};

/** The organisation's RepairStatusCode for each master status. */
export const REPAIR_STATUS_CODES: Record<RepairStatus | WorkOrderStatus, string> = {
  Logged: 'LOG',
  Issued: 'ISS',
  'In Progress': 'INP',
  Completed: 'COM',
  Invoiced: 'INV',
  Cancelled: 'CAN',
};

/**
 * The organisation's cancel statuses for a works order (RepairStatusCodes of the cancelled kind);
 * the one chosen becomes the order's RepairStatusCode. CAN is the one the repair cancel uses.
 */
export const WORKS_ORDER_CANCEL_STATUSES: Record<string, string> = {
  CAN: 'Cancelled',
  CNR: 'Cancelled - no longer required',
  CDU: 'Cancelled - duplicate order',
  CRE: 'Cancelled - raised in error',
};

export const WORKS_ORDER_CANCEL_REASONS: Record<string, string> = {
  TNR: 'Tenant no longer requires repair',
  RIE: 'Raised in error',
  DUP: 'Duplicate of another order',
  TFX: 'Tenant fixed it themselves',
  NAC: 'No access after three attempts',
  WRC: 'Wrong contractor or trade',
};

export function sorCode(code: string): SorCode | undefined {
  return SOR_CODES.find((s) => s.sorCode === code);
}

/** Everything a client needs to raise a valid repair (GET /__admin/demo shows it). */
export function codeLists() {
  return {
    categories: { ...CATEGORIES },
    contracts: { ...CONTRACTS },
    sorCodes: SOR_CODES.map((s) => ({ ...s })),
    priorities: PRIORITIES.map(([code, name, targetDays]) => ({ code, name, targetDays })),
    repairTypes: { ...REPAIR_TYPES },
    repairStatusCodes: { ...REPAIR_STATUS_CODES },
    worksOrderCancelStatuses: { ...WORKS_ORDER_CANCEL_STATUSES },
    worksOrderCancelReasons: { ...WORKS_ORDER_CANCEL_REASONS },
  };
}
