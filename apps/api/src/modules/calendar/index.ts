import type { FastifyInstance } from 'fastify';
import { calendarRoutes } from './calendar.routes.js';
import type { CalendarService } from './calendar.service.js';

export {
  createCalendarService,
  type CalendarService,
  type CalendarItemInput,
  startOfRomeDay,
} from './calendar.service.js';
export { createCalendarRepository } from './calendar.repository.js';

/** Calendar module: each user's dated items (month and agenda views) and their private iCalendar feed. */
export default async function calendarModule(app: FastifyInstance, opts: { service: CalendarService }) {
  await app.register(calendarRoutes, opts);
}
