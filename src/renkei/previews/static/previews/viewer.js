// The 3D viewer of a drawing's page: the mesh renkei made (GLB from STEP/IGES, or the STL
// itself), orbit and zoom, fitted to its bounding box, on a 10 mm grid. three.js is served from
// renkei's own static files (no CDN: the app runs offline and inside a factory network).
import * as THREE from "./vendor/three/build/three.module.js";
import { OrbitControls } from "./vendor/three/examples/jsm/controls/OrbitControls.js";
import { GLTFLoader } from "./vendor/three/examples/jsm/loaders/GLTFLoader.js";
import { STLLoader } from "./vendor/three/examples/jsm/loaders/STLLoader.js";

function say(box, text) {
  box.replaceChildren();
  const p = document.createElement("p");
  p.className = "viewer-message";
  p.id = "viewer-message";
  p.textContent = text;
  box.appendChild(p);
}

function webglWorks() {
  try {
    const canvas = document.createElement("canvas");
    return Boolean(canvas.getContext("webgl2") || canvas.getContext("webgl"));
  } catch (e) {
    return false;
  }
}

function load(url, format) {
  return new Promise((resolve, reject) => {
    if (format === "stl") {
      new STLLoader().load(url, (geometry) => {
        geometry.computeVertexNormals();
        const material = new THREE.MeshStandardMaterial({ color: 0x8a9bb0, metalness: 0.3, roughness: 0.55 });
        resolve(new THREE.Mesh(geometry, material));
      }, undefined, reject);
    } else {
      new GLTFLoader().load(url, (gltf) => {
        gltf.scene.traverse((child) => {
          // A model without its own colours is shown in a steel grey, both sides lit.
          if (child.isMesh && child.material) {
            child.material.side = THREE.DoubleSide;
          }
        });
        gltf.scene.scale.setScalar(1000); // metres to mm, so the grid and sizes are in mm
        resolve(gltf.scene);
      }, undefined, reject);
    }
  });
}

function start(box) {
  if (!webglWorks()) {
    say(box, box.dataset.noWebgl);
    return;
  }
  let renderer;
  try {
    renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  } catch (e) {
    say(box, box.dataset.noWebgl);
    return;
  }
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  renderer.setClearColor(0xf4f5f7, 1);
  box.prepend(renderer.domElement);
  renderer.domElement.id = "viewer-canvas";

  const scene = new THREE.Scene();
  scene.add(new THREE.HemisphereLight(0xffffff, 0x8090a0, 2.2));
  const sun = new THREE.DirectionalLight(0xffffff, 1.8);
  scene.add(sun);
  const camera = new THREE.PerspectiveCamera(40, 4 / 3, 0.1, 100000);
  // Both meshes keep the CAD model's axes (Z up): renkei's GLB is OCCT's, which writes the
  // STEP coordinates unchanged, only in metres (glTF's unit), where an STL is in mm.
  camera.up.set(0, 0, 1);
  const controls = new OrbitControls(camera, renderer.domElement);
  controls.enableDamping = true;

  let fit = () => {};
  // Renders only: controls.update() announces a change, and a listener that updated again
  // would never end. The animation loop updates the controls (their damping) and renders.
  const draw = () => {
    sun.position.copy(camera.position);
    renderer.render(scene, camera);
  };
  const resize = () => {
    const width = box.clientWidth;
    const height = box.clientHeight || Math.round(width * 0.75);
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    draw();
  };
  new ResizeObserver(resize).observe(box);
  renderer.setAnimationLoop(() => {
    controls.update();
    draw();
  });

  load(box.dataset.mesh, box.dataset.format).then((model) => {
    scene.add(model);
    model.updateMatrixWorld(true);
    const bounds = new THREE.Box3().setFromObject(model);
    const size = bounds.getSize(new THREE.Vector3());
    const centre = bounds.getCenter(new THREE.Vector3());
    const longest = Math.max(size.x, size.y, size.z, 1);
    // A 10 mm grid under the part, wide enough to hold it.
    const cells = Math.max(10, Math.ceil((longest * 1.5) / 10));
    const grid = new THREE.GridHelper(cells * 10, cells, 0x9aa3ad, 0xd0d5db);
    grid.rotation.x = Math.PI / 2; // in the XY plane, under the part
    grid.position.set(centre.x, centre.y, bounds.min.z);
    scene.add(grid);
    fit = () => {
      const distance = (longest / 2) / Math.tan((camera.fov * Math.PI) / 360) * 1.6;
      const view = new THREE.Vector3(0.7, -0.9, 0.6); // from the front right, above
      camera.position.copy(centre).addScaledVector(view, distance);
      camera.near = Math.max(longest / 1000, 0.01);
      camera.far = distance * 20 + longest * 10;
      camera.updateProjectionMatrix();
      controls.target.copy(centre);
      controls.update();
      draw();
    };
    fit();
    box.dataset.ready = "1";
  }).catch(() => say(box, box.dataset.failed));

  const button = document.getElementById("viewer-fit");
  if (button) {
    button.addEventListener("click", () => fit());
  }
}

const box = document.getElementById("viewer");
if (box) {
  start(box);
}
