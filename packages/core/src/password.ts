/** Minimum password length for accounts (demo accounts included). */
export const PASSWORD_MIN_LENGTH = 10;

/**
 * Checks a new password against the account policy and returns zh-CN problems
 * (empty when acceptable). Used by the server and by the web form alike.
 */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 个字符`);
  if (password.length > 128) problems.push("密码最多 128 个字符");
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (kinds < 3) problems.push("密码须包含大写字母、小写字母、数字、符号中的至少三类");
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push("密码不得包含用户名");
  return problems;
}
