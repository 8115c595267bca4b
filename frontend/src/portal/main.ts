import "./portal.css";

import { createApp } from "vue";

import PortalApp from "./PortalApp.vue";

createApp(PortalApp).mount("#portal");
