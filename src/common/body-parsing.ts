import type { ErrorRequestHandler, RequestHandler } from 'express';
import { bodyShapeError } from './body-shape';
import { sendProblem } from './problem-details.filter';

/**
 * body-parser fails before Nest sees the request; turn its errors into the same problem+json.
 */
export const bodyParserErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large' || type === 'parameters.too.many') {
    return sendProblem(res, req, {
      type: 'about:blank',
      title: 'Content Too Large',
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      detail: 'The request body is too large.',
    });
  }
  if (
    type === 'entity.parse.failed' ||
    type === 'encoding.unsupported' ||
    type === 'charset.unsupported'
  ) {
    return sendProblem(res, req, {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'The request body is not valid JSON.',
      errors: [{ field: 'body', message: 'must be valid JSON' }],
    });
  }
  next(err);
};

/** Runs right after the JSON parser, before anything (guards, pipes, validation) walks the body. */
export const bodyShapeGuard: RequestHandler = (req, res, next) => {
  const error = bodyShapeError(req.body);
  if (!error) return next();
  sendProblem(res, req, {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    code: 'VALIDATION_FAILED',
    detail: `Invalid request: ${error.field} ${error.message}.`,
    errors: [error],
  });
};
