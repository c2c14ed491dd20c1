export { CommentsPanel } from './CommentsPanel';
export { CommentsSection } from './CommentsSection';
