// Set (in sessionStorage) while a password change is under way: sign-in shows "Your password
// was changed" even when the live connection heard the session end before the answer came.
export const PASSWORD_CHANGED_FLAG = "herald-password-change";
