import { useEffect, useRef, type ReactNode } from "react";

/**
 * A result's heading that takes the focus when it appears (a question sent, a rating given): a
 * keyboard or screen-reader user is taken to what happened, not left on a button that is gone.
 */
export function FocusHeading({ children, level = 2 }: { children: ReactNode; level?: 1 | 2 | 3 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const Tag = `h${level}` as const;
  return (
    <Tag ref={ref} tabIndex={-1} style={{ margin: 0, font: "inherit", color: "inherit", outline: "none" }}>
      {children}
    </Tag>
  );
}
