import type { FastifyInstance } from 'fastify';
import { commentsRoutes } from './comments.routes.js';
import type { CommentsService } from './comments.service.js';

export { createCommentsService, type CommentsService } from './comments.service.js';
export { createCommentsRepository } from './comments.repository.js';
export { renderMarkdown } from './comments.markdown.js';

/** Comments module: the conversation on any record that allows it. */
export default async function commentsModule(app: FastifyInstance, opts: { service: CommentsService }) {
  await app.register(commentsRoutes, opts);
}
