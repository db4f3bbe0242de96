import type { DockerfileInfo } from "./dockerfile.js";
import { imageRepository, isInfrastructureImage } from "./images.js";

/**
 * What a built image runs when its Dockerfile starts from a bare operating system (`FROM alpine:3.22`) rather than from
 * the program's own image: the program is then copied in from another image, or installed by the package manager.
 */

/** Bare bases: an operating system or an empty image, which run whatever is put on them. */
const OS_BASE = /(^|\/)(alpine|debian|ubuntu|busybox|centos|rockylinux|almalinux|fedora|amazonlinux|ubi\d*(-minimal)?|scratch|static(-debian\d+)?|base(-debian\d+)?)$/;

/** Servers a package manager installs that front or serve files for the others: a proxy, not application code. */
const PROXY_PACKAGES = new Set(["nginx", "nginx-mod-http-lua", "openresty", "apache2", "httpd", "haproxy", "caddy"]);
const INSTALLERS = new Set(["apk", "apt-get", "apt", "yum", "dnf", "microdnf"]);

/**
 * The infrastructure image a build runs, if it runs one: built from a datastore's, broker's or tool's image (`FROM
 * redis:7` with a settings file), or a bare base with such a program copied in from its image (`COPY
 * --from=prom/alertmanager:v0.28 /bin/alertmanager`); undefined for a build of application code.
 */
export function infrastructureRun(docker: DockerfileInfo | undefined): string | undefined {
  if (!docker?.runtime) return undefined;
  if (isInfrastructureImage(docker.runtime.image)) return docker.runtime.image;
  return OS_BASE.test(imageRepository(docker.runtime.image)) ? docker.copiedImages.find((image) => isInfrastructureImage(image)) : undefined;
}

/** `nginx` (or `httpd`) for a bare base that installs that server with its package manager (`apk add nginx`), else undefined. */
export function installedProxy(docker: DockerfileInfo | undefined): string | undefined {
  if (!docker?.runtime || !OS_BASE.test(imageRepository(docker.runtime.image))) return undefined;
  for (const hint of docker.hints) {
    if (hint.weight !== 2 || !hint.words.some((word) => INSTALLERS.has(word))) continue;
    for (const word of hint.words) {
      const name = word.split("=")[0]!;
      if (PROXY_PACKAGES.has(name)) return name === "apache2" || name === "httpd" ? "httpd" : "nginx";
    }
  }
  return undefined;
}
