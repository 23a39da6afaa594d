/** Who caused a change and from where; every state-changing service call takes one. */
export interface AuditContext {
  /** "admin:<username>", "user:<id>", "cli:<os user>", "system", "anonymous" … */
  actor: string;
  ip?: string | null;
}

export const SYSTEM: AuditContext = { actor: 'system', ip: null };
