import { Skeleton } from "antd";
import { Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router";
import { PAGE_ROLES } from "./auth/access";
import { lazyPage } from "./lib/chunks";
import { FullPageSpin, RequireAuth, RequireRole } from "./auth/guards";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";

// The signed-in frame and every staff page load when first shown: a citizen on a public page (/12316,
// /stars, a card) downloads none of them.
const AppLayout = lazyPage(() => import("./layout/AppLayout").then((m) => ({ default: m.AppLayout })));
const AdminOrgPage = lazyPage(() => import("./pages/AdminOrgPage").then((m) => ({ default: m.AdminOrgPage })));
const ApplicationsPage = lazyPage(() => import("./pages/applications/ApplicationsPage").then((m) => ({ default: m.ApplicationsPage })));
const AdminUsersPage = lazyPage(() => import("./pages/AdminUsersPage").then((m) => ({ default: m.AdminUsersPage })));
const AuditPage = lazyPage(() => import("./pages/AuditPage").then((m) => ({ default: m.AuditPage })));
const HomePage = lazyPage(() => import("./pages/HomePage").then((m) => ({ default: m.HomePage })));
const ProfilePage = lazyPage(() => import("./pages/ProfilePage").then((m) => ({ default: m.ProfilePage })));

// The registration pages carry the division and industry tables and the form
// engine: loaded when first opened, not with the login page.
const FounderFormPage = lazyPage(() => import("./pages/applications/FounderFormPage").then((m) => ({ default: m.FounderFormPage })));
const GuidePage = lazyPage(() => import("./pages/guides/GuidePage").then((m) => ({ default: m.GuidePage })));
const OpenFormPage = lazyPage(() => import("./pages/openData/OpenFormPage").then((m) => ({ default: m.OpenFormPage })));
const RegistrationsPage = lazyPage(() => import("./pages/registrations/RegistrationsPage").then((m) => ({ default: m.RegistrationsPage })));
const DepartmentViewPage = lazyPage(() => import("./pages/registrations/DepartmentViewPage").then((m) => ({ default: m.DepartmentViewPage })));
const CaseTrackingPage = lazyPage(() => import("./pages/cases/CaseTrackingPage").then((m) => ({ default: m.CaseTrackingPage })));
const WindowInboxPage = lazyPage(() => import("./pages/window/WindowInboxPage").then((m) => ({ default: m.WindowInboxPage })));
const WindowCasePage = lazyPage(() => import("./pages/window/WindowCasePage").then((m) => ({ default: m.WindowCasePage })));
const TasksPage = lazyPage(() => import("./pages/tasks/TasksPage").then((m) => ({ default: m.TasksPage })));
const TaskViewPage = lazyPage(() => import("./pages/tasks/TaskViewPage").then((m) => ({ default: m.TaskViewPage })));
const SupervisionPage = lazyPage(() => import("./pages/supervision/SupervisionPage").then((m) => ({ default: m.SupervisionPage })));
const DeskPage = lazyPage(() => import("./pages/desk/DeskPage").then((m) => ({ default: m.DeskPage })));
const EvaluatorPage = lazyPage(() => import("./pages/evaluator/EvaluatorPage").then((m) => ({ default: m.EvaluatorPage })));
const EvaluatorsPage = lazyPage(() => import("./pages/admin/EvaluatorsPage").then((m) => ({ default: m.EvaluatorsPage })));
const OnlineEvaluationPage = lazyPage(() => import("./pages/evaluation/OnlineEvaluationPage").then((m) => ({ default: m.OnlineEvaluationPage })));
const PublicFiguresPage = lazyPage(() => import("./pages/evaluation/PublicFiguresPage").then((m) => ({ default: m.PublicFiguresPage })));
const CardRatingPage = lazyPage(() => import("./pages/evaluation/CardRatingPage").then((m) => ({ default: m.CardRatingPage })));
const FixRatingPage = lazyPage(() => import("./pages/evaluation/FixRatingPage").then((m) => ({ default: m.FixRatingPage })));
const TicketsPage = lazyPage(() => import("./pages/evaluation/TicketsPage").then((m) => ({ default: m.TicketsPage })));
const TicketPage = lazyPage(() => import("./pages/evaluation/TicketPage").then((m) => ({ default: m.TicketPage })));
const HotlineTicketsPage = lazyPage(() => import("./pages/hotline/TicketsPage").then((m) => ({ default: m.HotlineTicketsPage })));
const HotlineTicketPage = lazyPage(() => import("./pages/hotline/TicketPage").then((m) => ({ default: m.HotlineTicketPage })));
const KnowledgePage = lazyPage(() => import("./pages/hotline/KnowledgePage").then((m) => ({ default: m.KnowledgePage })));
const SubscribersPage = lazyPage(() => import("./pages/sms/SubscribersPage").then((m) => ({ default: m.SubscribersPage })));
const NoticesPage = lazyPage(() => import("./pages/sms/NoticesPage").then((m) => ({ default: m.NoticesPage })));
const BroadcastsPage = lazyPage(() => import("./pages/sms/BroadcastsPage").then((m) => ({ default: m.BroadcastsPage })));
const DutyPage = lazyPage(() => import("./pages/hotline/DutyPage").then((m) => ({ default: m.DutyPage })));
const AssessmentPage = lazyPage(() => import("./pages/assessment/AssessmentPage").then((m) => ({ default: m.AssessmentPage })));
const SchemePage = lazyPage(() => import("./pages/assessment/SchemePage").then((m) => ({ default: m.SchemePage })));
const MyStandingPage = lazyPage(() => import("./pages/assessment/MyStandingPage").then((m) => ({ default: m.MyStandingPage })));
const AskPage = lazyPage(() => import("./pages/hotline/AskPage").then((m) => ({ default: m.AskPage })));
const StarsBoardPage = lazyPage(() => import("./pages/assessment/StarsBoardPage").then((m) => ({ default: m.StarsBoardPage })));
const FiguresPage = lazyPage(() => import("./pages/evaluation/FiguresPage").then((m) => ({ default: m.FiguresPage })));
const CardBatchesPage = lazyPage(() => import("./pages/evaluation/CardBatchesPage").then((m) => ({ default: m.CardBatchesPage })));
const DashboardPage = lazyPage(() => import("./pages/dashboard/DashboardPage").then((m) => ({ default: m.DashboardPage })));
const RecordsPage = lazyPage(() => import("./pages/dashboard/RecordsPage").then((m) => ({ default: m.RecordsPage })));
const TeamsPage = lazyPage(() => import("./pages/outreach/TeamsPage").then((m) => ({ default: m.TeamsPage })));
const EventsPage = lazyPage(() => import("./pages/outreach/EventsPage").then((m) => ({ default: m.EventsPage })));
const LogEventPage = lazyPage(() => import("./pages/outreach/LogEventPage").then((m) => ({ default: m.LogEventPage })));
const AdminFormsPage = lazyPage(() => import("./pages/AdminFormsPage").then((m) => ({ default: m.AdminFormsPage })));
const CalendarPage = lazyPage(() => import("./pages/calendar/CalendarPage").then((m) => ({ default: m.CalendarPage })));

/** A lazily loaded page inside the signed-in frame. */
function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>{children}</Suspense>;
}

/** The app's routes: /login and the open data pages are public, everything else needs a session and some pages a role. */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        path="/guides/:code"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <GuidePage />
          </Suspense>
        }
      />
      <Route
        path="/forms/:code"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <OpenFormPage />
          </Suspense>
        }
      />
      <Route
        path="/evaluator"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <EvaluatorPage />
          </Suspense>
        }
      />
      <Route
        path="/evaluation"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <PublicFiguresPage />
          </Suspense>
        }
      />
      <Route
        path="/12316"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <AskPage />
          </Suspense>
        }
      />
      <Route
        path="/stars"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <StarsBoardPage />
          </Suspense>
        }
      />
      <Route
        path="/rate/card"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <CardRatingPage />
          </Suspense>
        }
      />
      <Route
        path="/rate/card/:code"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <CardRatingPage />
          </Suspense>
        }
      />
      <Route
        path="/rate/fix/:token"
        element={
          <Suspense fallback={<FullPageSpin />}>
            <FixRatingPage />
          </Suspense>
        }
      />
      <Route element={<RequireAuth />}>
        <Route
          element={
            <Suspense fallback={<FullPageSpin />}>
              <AppLayout />
            </Suspense>
          }
        >
          <Route
            index
            element={
              <Page>
                <HomePage />
              </Page>
            }
          />
          <Route
            path="applications"
            element={
              <RequireRole roles={PAGE_ROLES.applications}>
                <Page>
                  <ApplicationsPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="applications/:id"
            element={
              <RequireRole roles={PAGE_ROLES.applications}>
                <Page>
                  <FounderFormPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="cases/:id"
            element={
              <RequireRole roles={PAGE_ROLES.cases}>
                <Page>
                  <CaseTrackingPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="window"
            element={
              <RequireRole roles={PAGE_ROLES.window}>
                <Page>
                  <WindowInboxPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="window/cases/:id"
            element={
              <RequireRole roles={PAGE_ROLES.window}>
                <Page>
                  <WindowCasePage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="tasks"
            element={
              <RequireRole roles={PAGE_ROLES.tasks}>
                <Page>
                  <TasksPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="tasks/:caseId"
            element={
              <RequireRole roles={PAGE_ROLES.tasks}>
                <Page>
                  <TaskViewPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="supervision"
            element={
              <RequireRole roles={PAGE_ROLES.supervision}>
                <Page>
                  <SupervisionPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="registrations"
            element={
              <RequireRole roles={PAGE_ROLES.registrations}>
                <Page>
                  <RegistrationsPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="registrations/:id"
            element={
              <RequireRole roles={PAGE_ROLES.registrations}>
                <Page>
                  <DepartmentViewPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="admin/users"
            element={
              <RequireRole roles={PAGE_ROLES.adminUsers}>
                <Page>
                  <AdminUsersPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="admin/org"
            element={
              <RequireRole roles={PAGE_ROLES.adminOrg}>
                <Page>
                  <AdminOrgPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="admin/forms"
            element={
              <RequireRole roles={PAGE_ROLES.adminForms}>
                <Page>
                  <AdminFormsPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="admin/calendar"
            element={
              <RequireRole roles={PAGE_ROLES.calendar}>
                <Page>
                  <CalendarPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="audit"
            element={
              <RequireRole roles={PAGE_ROLES.audit}>
                <Page>
                  <AuditPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="desk"
            element={
              <RequireRole roles={PAGE_ROLES.desk}>
                <Page>
                  <DeskPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="admin/evaluators"
            element={
              <RequireRole roles={PAGE_ROLES.evaluators}>
                <Page>
                  <EvaluatorsPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="cards"
            element={
              <RequireRole roles={PAGE_ROLES.cards}>
                <Page>
                  <CardBatchesPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="rectifications"
            element={
              <RequireRole roles={PAGE_ROLES.rectifications}>
                <Page>
                  <TicketsPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="rectifications/:id"
            element={
              <RequireRole roles={PAGE_ROLES.rectifications}>
                <Page>
                  <TicketPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="evaluation/figures"
            element={
              <RequireRole roles={PAGE_ROLES.evaluationFigures}>
                <Page>
                  <FiguresPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="hotline/tickets"
            element={
              <RequireRole roles={PAGE_ROLES.hotlineTickets}>
                <Page>
                  <HotlineTicketsPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="hotline/tickets/:id"
            element={
              <RequireRole roles={PAGE_ROLES.hotlineTickets}>
                <Page>
                  <HotlineTicketPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="hotline/knowledge"
            element={
              <RequireRole roles={PAGE_ROLES.knowledge}>
                <Page>
                  <KnowledgePage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="sms/subscribers"
            element={
              <RequireRole roles={PAGE_ROLES.sms}>
                <Page>
                  <SubscribersPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="sms/notices"
            element={
              <RequireRole roles={PAGE_ROLES.sms}>
                <Page>
                  <NoticesPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="sms/broadcasts"
            element={
              <RequireRole roles={PAGE_ROLES.sms}>
                <Page>
                  <BroadcastsPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="dashboard"
            element={
              <RequireRole roles={PAGE_ROLES.dashboard}>
                <Page>
                  <DashboardPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="dashboard/records/:kind"
            element={
              <RequireRole roles={PAGE_ROLES.dashboard}>
                <Page>
                  <RecordsPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="outreach/teams"
            element={
              <RequireRole roles={PAGE_ROLES.outreach}>
                <Page>
                  <TeamsPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="outreach/events"
            element={
              <RequireRole roles={PAGE_ROLES.outreach}>
                <Page>
                  <EventsPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="outreach/log"
            element={
              <RequireRole roles={PAGE_ROLES.logEvent}>
                <Page>
                  <LogEventPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="hotline/duty"
            element={
              <RequireRole roles={PAGE_ROLES.duty}>
                <Page>
                  <DutyPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="assessment"
            element={
              <RequireRole roles={PAGE_ROLES.assessment}>
                <Page>
                  <AssessmentPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="assessment/scheme"
            element={
              <RequireRole roles={PAGE_ROLES.assessment}>
                <Page>
                  <SchemePage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="assessment/me"
            element={
              <RequireRole roles={PAGE_ROLES.myAssessment}>
                <Page>
                  <MyStandingPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="evaluations/mine"
            element={
              <RequireRole roles={PAGE_ROLES.myEvaluations}>
                <Page>
                  <OnlineEvaluationPage />
                </Page>
              </RequireRole>
            }
          />
          <Route
            path="profile"
            element={
              <Page>
                <ProfilePage />
              </Page>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
