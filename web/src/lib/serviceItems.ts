/** The service item of company set-up with one form (the only one so far). */
export const COMPANY_SETUP_ITEM = "QY-SL-LLC";
