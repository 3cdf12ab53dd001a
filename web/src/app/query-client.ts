import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem';

/** The console's one query cache (server state), shared by the screens and the routes' prefetches. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refused request (4xx) will be refused again; a lost connection may come back.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});
