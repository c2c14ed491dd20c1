/** The one error type services throw; the error handler turns it into `{ code, message, details, requestId }`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const unauthenticated = () => new AppError(401, 'unauthenticated', 'Authentication required');
export const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'Wrong e-mail or password');
export const forbidden = () => new AppError(403, 'forbidden', 'You are not allowed to do this');
export const notFound = (entity: string) => new AppError(404, 'not_found', `${entity} not found`);
export const conflict = (code = 'conflict', message = 'The record was changed by someone else: reload it') =>
  new AppError(409, code, message);
