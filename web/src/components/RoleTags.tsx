import type { Role } from "@yichuang/core";
import { Flex, Tag } from "antd";
import { useRoleLabel } from "../lib/locale";

/** One colour per role so mixed-role lists scan quickly. */
const ROLE_COLOURS: Record<Role, string> = {
  admin: "red",
  supervisor: "purple",
  reviewer: "geekblue",
  clerk: "blue",
  operator: "cyan",
  expert: "green",
  applicant: "default",
  leader: "gold",
  team_leader: "lime",
};

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const label = useRoleLabel();
  return (
    <Flex wrap gap={4}>
      {roles.map((r) => (
        <Tag key={r} color={ROLE_COLOURS[r]} style={{ marginInlineEnd: 0 }}>
          {label(r)}
        </Tag>
      ))}
    </Flex>
  );
}
