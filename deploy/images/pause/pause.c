/*
 * pause.c: the pod sandbox's PID 1. It holds the pod's network namespace, reaps zombies of
 * processes that get re-parented to it, and exits promptly on SIGTERM/SIGINT (PID 1 ignores
 * signals it has no handler for, so the handlers below are what make `docker stop` fast).
 * Modelled on Kubernetes' build/pause/linux/pause.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_term(int sig) {
  (void)sig;
  _exit(0);
}

static void on_chld(int sig) {
  (void)sig;
  /* Reap every exited child without blocking. */
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    printf("skiff-pause 1.0\n");
    return 0;
  }
  struct sigaction term = {.sa_handler = on_term};
  struct sigaction chld = {.sa_handler = on_chld, .sa_flags = SA_NOCLDSTOP};
  sigaction(SIGINT, &term, NULL);
  sigaction(SIGTERM, &term, NULL);
  sigaction(SIGCHLD, &chld, NULL);
  for (;;) pause();
  return 1;
}
