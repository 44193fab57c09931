import {
  DashboardOutlined,
  EditOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  AlertOutlined,
  BarChartOutlined,
  CustomerServiceOutlined,
  IdcardOutlined,
  LikeOutlined,
  TabletOutlined,
  ToolOutlined,
  AuditOutlined,
  ApartmentOutlined,
  CalendarOutlined,
  BranchesOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FormOutlined,
  HomeOutlined,
  InboxOutlined,
  LogoutOutlined,
  MenuOutlined,
  TeamOutlined,
  UserOutlined, PhoneOutlined,
  ReadOutlined,
  MessageOutlined,
  ContactsOutlined,
  ScheduleOutlined, TrophyOutlined } from "@ant-design/icons";
import { Button, Drawer, Flex, Grid, Layout, Menu, Typography, type MenuProps } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { hasAnyRole, PAGE_ROLES } from "../auth/access";
import { useAuth, useUser } from "../auth/AuthContext";
import { RoleTags } from "../components/RoleTags";
import { SINGLE_WINDOW_DEPARTMENT } from "../org/departments";
import { OrgProvider, useOrg } from "../org/OrgContext";
import { Brand } from "./Brand";
import { HeaderTheme } from "./HeaderTheme";
import { CalendarStatusProvider, CalendarWarningBanner } from "./CalendarWarning";
import { LanguageSwitch } from "./LanguageSwitch";
import { NotificationsBell } from "./NotificationsBell";

const HEADER_BLUE = "#1e3a8a";

interface Entry {
  path: string;
  label: string;
  icon: ReactNode;
  allowed: boolean;
}

/** The signed-in frame: header, side menu of the pages the user's roles allow, and the page. */
export function AppLayout() {
  return (
    <OrgProvider>
      <CalendarStatusProvider>
        <Frame />
      </CalendarStatusProvider>
    </OrgProvider>
  );
}

function Frame() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useAuth();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const org = useOrg().data;
  // The single window belongs to one department: only its clerks (and admins) get the inbox.
  const atSingleWindow =
    user.roles.includes("admin") || (user.roles.includes("clerk") && org?.department(user.departmentId)?.code === SINGLE_WINDOW_DEPARTMENT);

  const entries: Entry[] = [
    { path: "/", label: t("menu.home"), icon: <HomeOutlined />, allowed: true },
    { path: "/dashboard", label: t("menu.dashboard"), icon: <DashboardOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.dashboard) },
    { path: "/outreach/log", label: t("menu.logEvent"), icon: <EditOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.logEvent) },
    { path: "/outreach/events", label: t("menu.events"), icon: <EnvironmentOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.outreach) },
    { path: "/outreach/teams", label: t("menu.teams"), icon: <FlagOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.outreach) },
    { path: "/applications", label: t("menu.applications"), icon: <FormOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.applications) },
    { path: "/window", label: t("menu.window"), icon: <InboxOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.window) && atSingleWindow },
    { path: "/tasks", label: t("menu.tasks"), icon: <BranchesOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.tasks) },
    { path: "/supervision", label: t("menu.supervision"), icon: <AlertOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.supervision) },
    { path: "/desk", label: t("menu.desk"), icon: <CustomerServiceOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.desk) },
    { path: "/rectifications", label: t("menu.rectifications"), icon: <ToolOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.rectifications) },
    { path: "/evaluation/figures", label: t("menu.evaluationFigures"), icon: <BarChartOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.evaluationFigures) },
    { path: "/hotline/tickets", label: t("menu.hotlineTickets"), icon: <PhoneOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.hotlineTickets) },
    { path: "/hotline/duty", label: t("menu.duty"), icon: <ScheduleOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.duty) },
    { path: "/sms/notices", label: t("menu.smsNotices"), icon: <AuditOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.sms) },
    { path: "/sms/broadcasts", label: t("menu.smsBroadcasts"), icon: <MessageOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.sms) },
    { path: "/sms/subscribers", label: t("menu.smsSubscribers"), icon: <ContactsOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.sms) },
    { path: "/hotline/knowledge", label: t("menu.knowledge"), icon: <ReadOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.knowledge) },
    { path: "/assessment", label: t("menu.assessment"), icon: <TrophyOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.assessment) },
    { path: "/assessment/me", label: t("menu.myAssessment"), icon: <TrophyOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.myAssessment) },
    { path: "/cards", label: t("menu.cards"), icon: <IdcardOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.cards) },
    { path: "/evaluations/mine", label: t("menu.myEvaluations"), icon: <LikeOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.myEvaluations) },
    { path: "/admin/evaluators", label: t("menu.evaluators"), icon: <TabletOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.evaluators) },
    { path: "/registrations", label: t("menu.registrations"), icon: <FileDoneOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.registrations) },
    { path: "/admin/users", label: t("menu.adminUsers"), icon: <TeamOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.adminUsers) },
    { path: "/admin/org", label: t("menu.adminOrg"), icon: <ApartmentOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.adminOrg) },
    { path: "/admin/forms", label: t("menu.adminForms"), icon: <FileTextOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.adminForms) },
    { path: "/admin/calendar", label: t("menu.calendar"), icon: <CalendarOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.calendar) },
    { path: "/audit", label: t("menu.audit"), icon: <AuditOutlined />, allowed: hasAnyRole(user.roles, PAGE_ROLES.audit) },
    { path: "/profile", label: t("menu.profile"), icon: <UserOutlined />, allowed: true },
  ];
  const items: MenuProps["items"] = entries
    .filter((e) => e.allowed)
    .map((e) => ({ key: e.path, icon: e.icon, label: <Link to={e.path}>{e.label}</Link> }));
  // The entry whose path is the longest prefix of the address stays highlighted on sub-pages.
  const selected = entries
    .filter((e) => e.allowed && (e.path === "/" ? pathname === "/" : pathname.startsWith(e.path)))
    .map((e) => e.path);

  // On a phone (a team leader at the place) the header keeps its buttons, without their words.
  const narrow = screens.md === false;
  // Below a laptop's width the menu is a drawer opened from the header's menu button (a floating
  // button beside the page would cover its text).
  const drawerMenu = screens.lg === false;
  const [menuOpen, setMenuOpen] = useState(false);
  // Choosing a page closes the drawer (the link inside navigates).
  const menu = <Menu mode="inline" selectedKeys={selected} items={items} onClick={() => setMenuOpen(false)} style={{ borderInlineEnd: 0, paddingTop: 8 }} />;
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <HeaderTheme>
        <Layout.Header style={{ position: "sticky", top: 0, zIndex: 10, background: HEADER_BLUE, paddingInline: narrow ? 12 : 24, display: "flex", alignItems: "center", gap: narrow ? 8 : 16, height: 56, lineHeight: "56px" }}>
          {drawerMenu && (
            <Button
              icon={<MenuOutlined aria-hidden />}
              ghost
              aria-label={t("menu.navigation")}
              aria-expanded={menuOpen}
              aria-controls="main-menu-drawer"
              onClick={() => setMenuOpen(true)}
              data-testid="menu-button"
              style={{ flex: "none" }}
            />
          )}
          <Link to="/" style={{ minWidth: 0, flex: "1 1 auto", overflow: "hidden" }}>
            <Brand light />
          </Link>
          <Flex align="center" gap={narrow ? 8 : 12} style={{ flex: "none" }}>
            <Flex align="center" gap={8} aria-label={t("header.signedInAs")} data-testid="current-user">
              <Typography.Text strong style={{ color: "#fff", whiteSpace: "nowrap" }}>
                {user.displayName}
              </Typography.Text>
              {!narrow && <RoleTags roles={user.roles} />}
            </Flex>
            <NotificationsBell />
            <LanguageSwitch light compact={narrow} />
            <Button icon={<LogoutOutlined aria-hidden />} onClick={() => void logout()} ghost aria-label={t("header.logout")}>
              {!narrow && t("header.logout")}
            </Button>
          </Flex>
        </Layout.Header>
      </HeaderTheme>
      <Layout>
        {drawerMenu ? (
          <Drawer
            id="main-menu-drawer"
            placement="left"
            open={menuOpen}
            onClose={() => setMenuOpen(false)}
            title={t("menu.navigation")}
            size={280}
            styles={{ body: { padding: 0 } }}
          >
            <nav aria-label={t("menu.navigation")}>{menu}</nav>
          </Drawer>
        ) : (
          <Layout.Sider width={232} theme="light" style={{ borderInlineEnd: "1px solid #e5e7eb" }}>
            <nav aria-label={t("menu.navigation")}>{menu}</nav>
          </Layout.Sider>
        )}
        {/* antd's Content is the page's <main> landmark (one per page). */}
        <Layout.Content style={{ padding: narrow ? 12 : 24, background: "#f5f7fb", minWidth: 0 }}>
          <div style={{ maxWidth: 1280, margin: "0 auto" }}>
            <CalendarWarningBanner />
            <Outlet />
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
