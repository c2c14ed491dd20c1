import type { FastifyInstance } from 'fastify';
import { notificationsRoutes } from './notifications.routes.js';
import type { NotificationsService } from './notifications.service.js';

export {
  createNotificationsService,
  type NotificationsService,
  type EventTypeDef,
  type NotificationEvent,
  FANOUT_QUEUE,
  EMAIL_QUEUE,
} from './notifications.service.js';
export { createNotificationsRepository } from './notifications.repository.js';

/** Notifications module: the bell, the notifications page, preferences and the unsubscribe links of e-mails. */
export default async function notificationsModule(app: FastifyInstance, opts: { service: NotificationsService }) {
  await app.register(notificationsRoutes, opts);
}
