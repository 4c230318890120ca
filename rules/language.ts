/** Languages the kiosk speaks to an applicant in (same set as the core's contract). */
export type Language = 'zh-CN' | 'en';
