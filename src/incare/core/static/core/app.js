// Progressive enhancement only: every page works without this file. GOV.UK Frontend's
// components start on browsers that support ES modules; base.html has already added
// `govuk-frontend-supported` to <body> for those, so older browsers keep the plain page.
import { initAll } from "./govuk-frontend.min.js";

initAll();
