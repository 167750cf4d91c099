package loadgen

// qa is one product question with the answer a well-grounded assistant would give.
type qa struct {
	topic, query, answer string
}

// corpus is ordered by popularity: queries are drawn Zipf-like by index, so the first
// entries of the list (pricing, password reset, cancel) dominate the way they do in real
// support traffic. Topics are interleaved so that every topic has popular queries.
var corpus = []qa{
	{"pricing", "How much does the Pro plan cost?",
		"The Pro plan costs 12 USD per user per month when billed annually, or 15 USD per user per month when billed monthly. It includes unlimited projects, timeline views, guest access and 100 GB of storage per workspace."},
	{"account", "How do I reset my password?",
		"Go to the sign-in page and click \"Forgot password\". Enter the email address of your account and we will send you a reset link valid for 30 minutes. If you use single sign-on, reset the password with your identity provider instead."},
	{"subscription", "How do I cancel my subscription?",
		"Account owners can cancel in Settings > Billing > Plan by clicking \"Cancel subscription\". Your workspace stays on the current plan until the end of the billing period, then moves to the Free plan. Your data is kept."},
	{"troubleshooting", "Why am I getting a 403 error when I open a project?",
		"A 403 means your account does not have access to that project. Ask a project admin to add you as a member, or check that you are signed in to the right workspace. Guests can only open projects they were explicitly invited to."},
	{"howto", "How do I export my tasks to CSV?",
		"Open the project, click the \"...\" menu in the top right corner and choose Export > CSV. You can export all tasks or only the current filtered view. Custom fields are included as extra columns; attachments are not exported."},
	{"features", "Does Nimbus have a Gantt chart?",
		"Yes. The Timeline view shows tasks as a Gantt chart with dependencies, milestones and the critical path. It is available on the Pro and Enterprise plans. Drag a task bar to reschedule it; dependent tasks move automatically."},
	{"pricing", "Is there a free trial?",
		"Yes, every new workspace gets a 14-day free trial of the Pro plan, no credit card required. At the end of the trial the workspace moves to the Free plan unless you add a payment method."},
	{"integrations", "How do I connect Nimbus to Slack?",
		"Go to Settings > Integrations > Slack and click \"Connect\". Authorize the Nimbus app in your Slack workspace, then choose which projects post updates to which channels. You can also create tasks from Slack with the /nimbus command."},
	{"subscription", "Can I get a refund?",
		"Annual plans can be refunded pro rata within 30 days of purchase. Monthly plans are not refunded, but you can cancel at any time and keep access until the end of the period. Contact billing support from Settings > Billing to request a refund."},
	{"troubleshooting", "The app is very slow, what can I do?",
		"First check status.nimbus.example for ongoing incidents. Large projects with more than 10,000 tasks load faster with filters or archived sections. Clearing the browser cache and disabling extensions that inject scripts also helps. If it persists, send us a HAR file."},
	{"account", "How do I enable two-factor authentication?",
		"Open your profile, go to Security and click \"Enable two-factor authentication\". Scan the QR code with an authenticator app and enter the 6-digit code. Save the recovery codes somewhere safe: they are the only way back in if you lose your phone."},
	{"howto", "How do I add a new user to my workspace?",
		"Workspace admins can invite people from Settings > Members > Invite. Enter one or more email addresses and pick a role (member, admin or guest). Invitations expire after 7 days. On paid plans each member uses one seat."},
	{"pricing", "What is the difference between Pro and Enterprise?",
		"Enterprise adds SAML single sign-on, SCIM provisioning, audit logs, data residency in the EU or US, a 99.9 % uptime SLA and a dedicated customer success manager. Pro covers everything else: unlimited projects, timelines, automations and guests."},
	{"features", "Can I set up recurring tasks?",
		"Yes. Open the task, click the due date and choose \"Repeat\". Tasks can repeat daily, weekly, monthly or on a custom schedule. A new copy is created when the current one is completed, keeping assignee, subtasks and custom fields."},
	{"troubleshooting", "I am not receiving notification emails",
		"Check your spam folder and make sure notifications@nimbus.example is allowed by your mail server. In Profile > Notifications verify that email notifications are enabled for the events you care about. Corporate filters sometimes quarantine our messages."},
	{"subscription", "How do I change my billing email?",
		"Account owners can change the billing email in Settings > Billing > Billing details. Invoices and payment receipts are sent to that address from the next billing cycle. The owner's login email does not change."},
	{"integrations", "Is there an API?",
		"Yes, Nimbus has a REST API and webhooks. Create a personal access token in Profile > Developer, then call https://api.nimbus.example/v2 with the header Authorization: Bearer TOKEN. Rate limits are 100 requests per minute per token."},
	{"howto", "How do I move a task to another project?",
		"Open the task, click the project name under the title and pick the destination project. Subtasks, comments and attachments move with it. Custom fields that do not exist in the destination project are dropped."},
	{"account", "How do I delete my account?",
		"Go to Profile > Account and click \"Delete account\". If you own a workspace, transfer ownership or delete the workspace first. Deletion is permanent after a 14-day grace period during which you can still sign in to cancel it."},
	{"pricing", "Do you offer discounts for nonprofits?",
		"Yes, registered nonprofits and educational institutions get 50 % off the Pro plan. Apply from Settings > Billing > Discounts with proof of status; approval usually takes two business days."},
	{"features", "Can guests see all my projects?",
		"No. Guests only see the projects and tasks they were invited to, and they cannot browse the workspace directory. Admins can review every guest and their access in Settings > Members > Guests."},
	{"troubleshooting", "Error: \"Sync failed, please retry\" on mobile",
		"This usually happens when the app cannot reach our servers or the session expired. Pull down to refresh, then sign out and sign in again. If you are on a corporate VPN, ask IT to allow *.nimbus.example. Updating the app to the latest version also fixes known sync bugs."},
	{"subscription", "How do I upgrade to annual billing?",
		"In Settings > Billing > Plan choose \"Switch to annual\". You are charged the annual price minus the unused part of the current month. Annual billing saves 20 % compared with monthly billing."},
	{"integrations", "Can I sync Nimbus with Google Calendar?",
		"Yes. In Settings > Integrations > Google Calendar, connect your Google account and choose which projects to sync. Tasks with due dates appear as all-day events; the sync is one-way from Nimbus to Calendar."},
	{"howto", "How do I create a project template?",
		"Set up a project the way you want it, then open the project menu and choose \"Save as template\". Templates keep sections, tasks, custom fields and automations, but not assignees or dates. Find them under New project > Templates."},
	{"account", "How do I change the language of the app?",
		"Open Profile > Preferences > Language and choose one of the 12 supported languages. The change applies immediately on web; mobile apps follow the language of your phone."},
	{"features", "What automations are available?",
		"Automations run when a task is created, moved, completed or when a due date approaches. Actions include assigning people, setting fields, moving tasks and posting to Slack or Teams. Pro includes 250 runs per month per user; Enterprise is unlimited."},
	{"troubleshooting", "Why can't I upload a file?",
		"Uploads are limited to 250 MB per file on paid plans and 10 MB on the Free plan. Check that the workspace storage quota is not exhausted in Settings > Usage. Some file types such as .exe are blocked for security reasons."},
	{"pricing", "How many users are included in the Free plan?",
		"The Free plan includes up to 10 members and unlimited guests, with up to 5 active projects and 1 GB of storage. Upgrade to Pro for unlimited projects and advanced views."},
	{"subscription", "Why was I charged twice this month?",
		"A second charge usually comes from added seats (charged pro rata when you invite members) or from a plan change. Check Settings > Billing > Invoices for the details of each charge. If it is a genuine duplicate, billing support refunds it within 5 business days."},
	{"integrations", "Does Nimbus integrate with Jira?",
		"Yes, the Jira integration imports Jira projects and keeps issues and tasks in sync in both directions, including status, assignee and comments. Set it up in Settings > Integrations > Jira with a Jira admin account."},
	{"howto", "How do I bulk edit tasks?",
		"In list view, hold Shift and click to select several tasks, or use the checkbox column. A toolbar appears to change assignee, due date, section, tags or custom fields for all selected tasks at once."},
	{"account", "How do I set up SSO with Okta?",
		"SAML SSO is available on Enterprise. In Settings > Security > Single sign-on choose Okta, copy the ACS URL and entity ID into a new Okta SAML app, then paste the Okta metadata URL back in Nimbus. Test with one user before enforcing SSO for everyone."},
	{"features", "Is there a dark mode?",
		"Yes. Open Profile > Preferences > Theme and choose Dark, Light or System. On mobile the app follows the system theme by default."},
	{"troubleshooting", "Webhooks stopped firing",
		"Webhooks are disabled automatically after 50 consecutive delivery failures. Check the webhook log in Settings > Developer > Webhooks, fix the endpoint (it must answer 2xx within 10 seconds) and click \"Re-enable\"."},
	{"pricing", "Do prices include VAT?",
		"Prices on the pricing page exclude VAT and sales tax. Tax is added at checkout based on your billing address; EU businesses with a valid VAT number are invoiced with reverse charge."},
	{"subscription", "How do I remove seats from my plan?",
		"Remove members in Settings > Members, then lower the seat count in Settings > Billing > Seats. On annual plans the reduction applies at the next renewal; on monthly plans at the next billing date."},
	{"howto", "How do I set task dependencies?",
		"Open a task, click \"Add dependency\" and choose whether it is blocked by or blocking another task. In Timeline view you can also drag from the edge of one bar to another. Dependencies are available on Pro and Enterprise."},
	{"integrations", "Can I import from Trello?",
		"Yes. Go to New project > Import > Trello, sign in to Trello and pick a board. Lists become sections, cards become tasks, and labels become tags. Attachments up to 250 MB are imported as well."},
	{"account", "Where can I download my data?",
		"Workspace admins can request a full export in Settings > Workspace > Export data. You receive an email with a download link to a ZIP archive of JSON and CSV files within a few hours; the link is valid for 7 days."},
}

// gapQueries are questions the documentation does not cover: they produce most zero-result
// answers and repeat, like the content gaps analytics is supposed to reveal.
var gapQueries = []qa{
	{"integrations", "Does Nimbus integrate with SAP S/4HANA?", ""},
	{"features", "Can I track time offline on Linux?", ""},
	{"pricing", "Is there a lifetime deal?", ""},
	{"features", "Does Nimbus support Gantt baselines?", ""},
	{"integrations", "How do I connect Nimbus to Microsoft Dynamics?", ""},
	{"account", "Can I have two owners for one workspace?", ""},
	{"features", "Is there an on-premise version?", ""},
	{"howto", "How do I print a Kanban board on A3 paper?", ""},
	{"pricing", "Do you accept payment in crypto?", ""},
	{"troubleshooting", "Error E-4012 when importing from Asana", ""},
	{"features", "Can tasks have multiple assignees?", ""},
	{"integrations", "Is there a Zapier trigger for comment reactions?", ""},
}

// zeroResultAnswers are the phrasings of "no answer"; %s is the topic subject.
var zeroResultAnswers = []string{
	"I don't know the answer to that. I could not find anything about %s in the Nimbus documentation. Would you like me to open a support ticket?",
	"I'm unable to find any information about %s in the knowledge base.",
	"There is no information about %s in the documentation I have access to.",
	"I'm sorry, I couldn't find an answer to your question about %s. Please contact support@nimbus.example.",
	"Unfortunately I don't have information on that. The documentation does not cover %s.",
}

// ZeroResultPrefixes are the openings of every zero-result answer the generator writes, so
// tests can recognise them without depending on the exact wording.
var ZeroResultPrefixes = []string{
	"I don't know", "I'm unable to find", "There is no information", "I'm sorry, I couldn't find", "Unfortunately I don't have",
}

var topicSubjects = map[string]string{
	"pricing": "this pricing question", "subscription": "this subscription topic", "account": "this account setting",
	"troubleshooting": "this error", "howto": "this procedure", "features": "this feature", "integrations": "this integration",
}

const contentFilterAnswer = "I'm not able to help with that request."

// queryVariants rewrite a query the way users actually type it, so identical intents arrive
// with different casing and punctuation (what query fingerprinting must collapse).
var queryVariants = []func(string) string{
	func(q string) string { return q },
	func(q string) string { return lower(q) },
	func(q string) string { return trimQ(q) },
	func(q string) string { return "hi, " + lower(q) },
	func(q string) string { return trimQ(q) + " please" },
	func(q string) string { return q + "??" },
}
